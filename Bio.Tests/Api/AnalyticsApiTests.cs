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
    private static readonly string[] Methods = ["combined", "mean7"];

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
            foreach (var view in LakeTables.GoldViewNames)
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

    // The insights' data, built so that each statistic is computable (fixed dates, any "today"): 120
    // mornings from Monday 2025-01-06, each with a sleep score and a readiness that follows it; HRV near
    // 60 ms that crashes to 30 ms on 10 mornings (day 36, 45, ..., 117), each flagged as low HRV against
    // the 28 days before it; and, in a second file, workouts five days a week (cycling Monday, Wednesday
    // and Friday, running Tuesday and Saturday) with an output, the morning after a hard one less ready.
    private static readonly DateOnly InsightsFirst = new(2025, 1, 6);
    private const int InsightsDays = 120;

    private static string Discipline(int i) => (i % 7) switch { 0 or 2 or 4 => "Cycling", 1 or 5 => "Running", _ => "" };

    private static int Output(int i) => Discipline(i) switch { "Cycling" => 200 + i * 53 % 250, "Running" => 150 + i * 31 % 200, _ => 0 };

    private static string InsightsDailyCsv()
    {
        var csv = new StringBuilder("date,hrv_rmssd_ms,sleep_score,readiness_score\n");
        for (var i = 0; i < InsightsDays; i++)
        {
            var crash = i >= 28 && i % 9 == 0;
            var sleep = 60 + i * 37 % 31;
            var readiness = 25 + 0.6 * sleep + i % 4 - (crash ? 15 : 0) - (i > 0 && Output(i - 1) > 300 ? 6 : 0);
            csv.Append(CultureInfo.InvariantCulture, $"{InsightsFirst.AddDays(i):yyyy-MM-dd},{(crash ? 30 : 59 + i % 3)},{sleep},{readiness:0}\n");
        }

        return csv.ToString();
    }

    private static string InsightsWorkoutsCsv()
    {
        var csv = new StringBuilder("Workout Timestamp,Length (minutes),Fitness Discipline,Title,Total Output,Avg. Heartrate\n");
        for (var i = 0; i < InsightsDays; i++)
        {
            if (Discipline(i) is { Length: > 0 } discipline)
            {
                csv.Append(CultureInfo.InvariantCulture, $"{InsightsFirst.AddDays(i):yyyy-MM-dd} 18:00 (UTC),45,{discipline},45 min {discipline},{Output(i)},{120 + Output(i) / 10}\n");
            }
        }

        return csv.ToString();
    }

    private static async Task UploadAsync(HttpClient client, string id, string fileName, string csv)
    {
        using var body = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        body.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var upload = await client.PostAsync($"/api/users/{id}/imports?fileName={fileName}", body);
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
    }

    private static Dictionary<string, JsonElement> ById(JsonElement insights) =>
        insights.EnumerateArray().ToDictionary(i => i.GetProperty("id").GetString()!, i => i);

    private static void AssertConcluded(JsonElement insight, int n)
    {
        var id = insight.GetProperty("id").GetString();
        Assert.True(insight.GetProperty("status").GetString() == "ok", $"{id}: {insight.GetProperty("narrative").GetString()}");
        Assert.Equal(n, insight.GetProperty("n").GetInt32());
        Assert.True(n >= insight.GetProperty("minN").GetInt32(), id);
        Assert.InRange(insight.GetProperty("p").GetDouble(), 0, 1);
        Assert.Equal(JsonValueKind.Number, insight.GetProperty("statistic").ValueKind);
        Assert.Contains("This is an association, not causation.", insight.GetProperty("narrative").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(insight.GetProperty("chart").GetProperty("xLabel").GetString()));
    }

    private static void AssertRefused(JsonElement insight)
    {
        var id = insight.GetProperty("id").GetString();
        Assert.True(insight.GetProperty("status").GetString() == "insufficient data", $"{id}: {insight.GetProperty("narrative").GetString()}");
        Assert.True(insight.GetProperty("n").GetInt32() < insight.GetProperty("minN").GetInt32(), id);
        Assert.Equal(JsonValueKind.Null, insight.GetProperty("p").ValueKind);
        Assert.Contains("Not enough data yet", insight.GetProperty("narrative").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("association, not causation", insight.GetProperty("narrative").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FiveInsightsEachWithNAndTheCaveat()
    {
        var (id, key) = await api.CreateUserAsync("Insightful", "UTC");
        using var client = api.Client(key);

        // Mornings only: what needs no workouts concludes, what needs them says it cannot.
        await UploadAsync(client, id, "mornings.csv", InsightsDailyCsv());
        var mornings = ById(await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/insights"));
        AssertConcluded(mornings["sleep_readiness"], InsightsDays); // every morning has both
        AssertConcluded(mornings["readiness_trend"], InsightsDays - 6); // a 14-day average needs 7 days
        AssertConcluded(mornings["anomaly_timeline"], InsightsDays - 1); // every day but the last has a next morning
        AssertRefused(mornings["workout_type_recovery"]);
        AssertRefused(mornings["intensity_impact"]);
        Assert.Equal(0, mornings["workout_type_recovery"].GetProperty("n").GetInt32());
        Assert.Equal(0, mornings["intensity_impact"].GetProperty("n").GetInt32());

        // With the workouts, all five conclude: 85 workout days (17 weeks of five) before the last day.
        await UploadAsync(client, id, "workouts.csv", InsightsWorkoutsCsv());
        var insights = await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/insights");
        Assert.Equal(["sleep_readiness", "workout_type_recovery", "readiness_trend", "anomaly_timeline", "intensity_impact"],
            insights.EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToArray());
        var all = ById(insights);
        AssertConcluded(all["sleep_readiness"], InsightsDays);
        AssertConcluded(all["workout_type_recovery"], 85);
        AssertConcluded(all["readiness_trend"], InsightsDays - 6);
        AssertConcluded(all["anomaly_timeline"], InsightsDays - 1);
        AssertConcluded(all["intensity_impact"], 85);
        Assert.Equal(["cycling", "running"], all["workout_type_recovery"].GetProperty("comparisons").EnumerateArray().Select(c => c.GetProperty("group").GetString()!));
        // What was built in is found: readiness follows sleep, and the morning after a crash or a hard day is lower.
        Assert.True(all["sleep_readiness"].GetProperty("statistic").GetDouble() > 0.5, all["sleep_readiness"].GetProperty("narrative").GetString());
        var flagged = Assert.Single(all["anomaly_timeline"].GetProperty("comparisons").EnumerateArray());
        Assert.True(flagged.GetProperty("n1").GetInt32() >= 10, $"{flagged}");
        var hard = Assert.Single(all["intensity_impact"].GetProperty("comparisons").EnumerateArray());
        Assert.True(hard.GetProperty("median1").GetDouble() < hard.GetProperty("median2").GetDouble(), $"{hard}");

        // A week is too short to conclude anything.
        var week = await client.GetFromJsonAsync<JsonElement>(
            $"/api/users/{id}/insights?from={InsightsFirst:yyyy-MM-dd}&to={InsightsFirst.AddDays(6):yyyy-MM-dd}");
        Assert.Equal(5, week.GetArrayLength());
        Assert.All(week.EnumerateArray(), AssertRefused);
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
        Assert.Equal(5, insights.GetArrayLength());
        Assert.All(insights.EnumerateArray(), AssertRefused);
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
            Assert.Equal(["bio", "persistence", "mean7"], nextDay.Select(a => a.GetProperty("method").GetString()));
            Assert.All(nextDay, a => Assert.True(a.GetProperty("n").GetInt32() > 30));
            Assert.Equal(1.0, nextDay.Single(a => a.GetProperty("method").GetString() == "persistence").GetProperty("maseVsPersistence").GetDouble(), 9);
        }

        var (empty, key) = await api.CreateUserAsync("New");
        using var newcomer = api.Client(key);
        using var none = await newcomer.GetAsync($"/api/users/{empty}/forecasts");
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Contains("no recent HRV", (await Json(none)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TenYearsOfHistoryBacktestAndForecastThroughTheApi()
    {
        // A ten-year person: the first forecast and the backtest answer, with every next-day forecast of
        // the ten years (less the first week) checked out of sample, and the served forecast ahead of the 7-day mean.
        var (id, client, last) = await SyntheticUserAsync(3650);
        using (client)
        {
            using var first = await client.GetAsync($"/api/users/{id}/forecasts");
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Equal(last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), (await Json(first)).GetProperty("issuedAfter").GetString());

            using var backtest = await client.PostAsync($"/api/users/{id}/forecasts/backtest", null);
            Assert.Equal(HttpStatusCode.OK, backtest.StatusCode);
            var bio = (await Json(backtest)).GetProperty("nextDay").EnumerateArray().Single(a => a.GetProperty("method").GetString() == "bio");
            Assert.True(bio.GetProperty("n").GetInt32() > 3400, bio.ToString());
            Assert.True(bio.GetProperty("maseVsMean7").GetDouble() < 0.95, bio.ToString());

            var history = await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/forecasts/history");
            Assert.InRange(history.GetProperty("backtest").GetArrayLength(), 60, 90);
        }
    }
}
