using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bio.Core.Lake;
using Bio.Tests.Infrastructure;

namespace Bio.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class AnalyticsApiTests(ApiFixture api)
{
    private static readonly string[] Energies = ["peak", "high", "moderate", "low"];
    private static readonly string[] Statuses = ["below", "within", "above"];
    private static readonly string[] Intensities = ["rest", "easy", "moderate", "hard"];
    private static readonly string[] Methods = ["model", "persistence", "mean7"];

    private static async Task<JsonElement> Json(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    private async Task<(string Id, HttpClient Client, DateOnly Last)> SyntheticUserAsync(int days)
    {
        var (id, key) = await api.CreateUserAsync("Sim", "UTC");
        var client = api.Client(key);
        using var seeded = await client.PostAsync($"/api/users/{id}/synthetic?days={days}&seed=21", null);
        Assert.Equal(HttpStatusCode.OK, seeded.StatusCode);
        var report = (await Json(seeded)).GetProperty("report");
        return (id, client, DateOnly.Parse(report.GetProperty("lastDate").GetString()!, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task ThreeWeeksOfDataForecastWithTheIntervalsItCanJustify()
    {
        // Found by the access matrix: with too few validation errors the registry held NaN and infinity,
        // which its JSON could not store, and every forecast request of such a person failed with 500.
        var (id, client, _) = await SyntheticUserAsync(20);
        using (client)
        {
            using var response = await client.GetAsync($"/api/users/{id}/forecasts");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var days = (await Json(response)).GetProperty("days").EnumerateArray().ToList();
            Assert.Equal(7, days.Count);
            Assert.All(days, d => Assert.True(d.GetProperty("hrvMs").GetDouble() > 0));
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/users/{id}/forecasts/history")).StatusCode);
        }
    }

    [Fact]
    public async Task StatusOfTheLatestDayHasEveryPartWithItsReasons()
    {
        var (id, client, last) = await SyntheticUserAsync(150);
        using (client)
        {
            var status = await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/status");

            Assert.Equal(last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), status.GetProperty("date").GetString());
            var readiness = status.GetProperty("readiness");
            Assert.InRange(readiness.GetProperty("score").GetInt32(), 0, 100);
            Assert.True(readiness.GetProperty("contributors").GetArrayLength() >= 3);
            Assert.Contains(readiness.GetProperty("energyState").GetString(), Energies);
            Assert.Contains(status.GetProperty("hrv").GetProperty("status").GetString(), Statuses);
            var risk = status.GetProperty("risk");
            Assert.Equal(risk.GetProperty("reasons").GetArrayLength() switch { 0 => "low", 1 => "moderate", _ => "high" }, risk.GetProperty("level").GetString());
            Assert.Contains(status.GetProperty("recommendation").GetProperty("intensity").GetString(), Intensities);
            Assert.False(string.IsNullOrWhiteSpace(status.GetProperty("recommendation").GetProperty("reason").GetString()));
        }
    }

    [Fact]
    public async Task TheStatusOfADayMatchesTheGoldViewsOfThatDay()
    {
        var (id, client, last) = await SyntheticUserAsync(120);
        using (client)
        {
            var day = last.AddDays(-10).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var status = await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/status?date={day}");
            var energy = Assert.Single((await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/gold/energy_state?from={day}&to={day}")).EnumerateArray());
            var hrv = Assert.Single((await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/gold/hrv_status?from={day}&to={day}")).EnumerateArray());
            var risk = Assert.Single((await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/gold/overtraining_risk?from={day}&to={day}")).EnumerateArray());

            Assert.Equal(status.GetProperty("readiness").GetProperty("score").GetInt32(), energy.GetProperty("readiness").GetInt32());
            Assert.Equal(status.GetProperty("readiness").GetProperty("energyState").GetString(), energy.GetProperty("energy_state").GetString());
            Assert.Equal(status.GetProperty("hrv").GetProperty("status").GetString(), hrv.GetProperty("status").GetString());
            Assert.Equal(status.GetProperty("hrv").GetProperty("baseline").GetDouble(), hrv.GetProperty("baseline60d").GetDouble(), 12);
            Assert.Equal(status.GetProperty("risk").GetProperty("level").GetString(), risk.GetProperty("level").GetString());
        }
    }

    [Fact]
    public async Task EveryGoldViewAnswersAndAnUnknownOneSaysWhichExist()
    {
        var (id, client, _) = await SyntheticUserAsync(90);
        using (client)
        {
            foreach (var view in LakeSnapshot.GoldViews)
            {
                using var response = await client.GetAsync($"/api/users/{id}/gold/{view}");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var rows = await Json(response);
                Assert.True(rows.GetArrayLength() > 0, view);
            }

            var perDay = await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/gold/training_load");
            Assert.Equal(90, perDay.GetArrayLength());
            Assert.True(perDay[89].TryGetProperty("fitness", out _));

            using var unknown = await client.GetAsync($"/api/users/{id}/gold/secrets");
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.Contains("hrv_status", (await Json(unknown)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task FiveInsightsEachWithNAndTheCaveat()
    {
        var (id, client, last) = await SyntheticUserAsync(200);
        using (client)
        {
            var insights = await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/insights");
            Assert.Equal(["sleep_readiness", "workout_type_recovery", "readiness_trend", "anomaly_timeline", "intensity_impact"],
                insights.EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToArray());
            foreach (var insight in insights.EnumerateArray())
            {
                Assert.True(insight.GetProperty("n").GetInt32() >= 0);
                Assert.False(string.IsNullOrEmpty(insight.GetProperty("chart").GetProperty("xLabel").GetString()));
                if (insight.GetProperty("status").GetString() == "ok")
                {
                    Assert.InRange(insight.GetProperty("p").GetDouble(), 0, 1);
                    Assert.Contains("association, not causation", insight.GetProperty("narrative").GetString(), StringComparison.Ordinal);
                }
            }

            // A week is too short to conclude anything.
            var from = last.AddDays(-6).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var week = await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/insights?from={from}");
            Assert.All(week.EnumerateArray(), i => Assert.Equal("insufficient data", i.GetProperty("status").GetString()));
            Assert.All(week.EnumerateArray(), i => Assert.Contains("Not enough data yet", i.GetProperty("narrative").GetString(), StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task ADayOutsideTheDataAndAUserWithoutDataGetASentence()
    {
        var (id, client, last) = await SyntheticUserAsync(30);
        using (client)
        {
            using var after = await client.GetAsync($"/api/users/{id}/status?date={last.AddDays(5):yyyy-MM-dd}");
            Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
            Assert.Contains("your data runs from", (await Json(after)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        var (empty, key) = await api.CreateUserAsync("New");
        using var newcomer = api.Client(key);
        using var none = await newcomer.GetAsync($"/api/users/{empty}/status");
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Contains("upload an export", (await Json(none)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        var insights = await newcomer.GetFromJsonAsync<JsonElement>($"/api/users/{empty}/insights");
        Assert.All(insights.EnumerateArray(), i => Assert.Equal("insufficient data", i.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task ANewMorningUploadedAfterHistoryGetsItsOwnStatus()
    {
        var (id, client, last) = await SyntheticUserAsync(100);
        using (client)
        {
            var next = last.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var csv = $"date,hrv_rmssd_ms,resting_hr_bpm,sleep_minutes\n{next},20,75,300\n";
            using var body = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
            body.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            using var upload = await client.PostAsync($"/api/users/{id}/imports?fileName=morning.csv", body);
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);

            var status = await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/status");
            Assert.Equal(next, status.GetProperty("date").GetString());
            // A crashed HRV and a high resting HR after a short night: readiness well down, not a hard day.
            var readiness = status.GetProperty("readiness").GetProperty("score").GetInt32();
            Assert.True(readiness < 50, $"readiness {readiness}");
            Assert.NotEqual("hard", status.GetProperty("recommendation").GetProperty("intensity").GetString());
            Assert.Contains(status.GetProperty("anomalies").EnumerateArray(), a => a.GetProperty("kind").GetString() == "low_hrv");
        }
    }

    [Fact]
    public async Task ForecastsForTheNextSevenMorningsAndABacktest()
    {
        var (id, client, last) = await SyntheticUserAsync(150);
        using (client)
        {
            var forecast = await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/forecasts");
            Assert.Equal(last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), forecast.GetProperty("issuedAfter").GetString());
            var days = forecast.GetProperty("days").EnumerateArray().ToList();
            Assert.Equal(7, days.Count);
            Assert.Equal(last.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), days[0].GetProperty("date").GetString());
            Assert.All(days, d => Assert.True(d.GetProperty("lower80").GetDouble() <= d.GetProperty("hrvMs").GetDouble()));
            Assert.Contains(forecast.GetProperty("method").GetString(), Methods);
            Assert.StartsWith("Next morning (", forecast.GetProperty("narrative").GetString(), StringComparison.Ordinal);

            using var backtest = await client.PostAsync($"/api/users/{id}/forecasts/backtest", null);
            Assert.Equal(HttpStatusCode.OK, backtest.StatusCode);
            var report = await Json(backtest);
            var nextDay = report.GetProperty("nextDay").EnumerateArray().ToList();
            Assert.Equal(3, nextDay.Count);
            Assert.All(nextDay, a => Assert.True(a.GetProperty("n").GetInt32() > 30));
            Assert.Equal(1.0, nextDay.Single(a => a.GetProperty("method").GetString() == "persistence").GetProperty("maseVsPersistence").GetDouble(), 9);
        }

        var (empty, key) = await api.CreateUserAsync("New");
        using var newcomer = api.Client(key);
        using var none = await newcomer.GetAsync($"/api/users/{empty}/forecasts");
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Contains("no recent HRV", (await Json(none)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
