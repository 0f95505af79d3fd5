using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Bio.Tests.Api;

/// <summary>The plan over HTTP: seven days from the person's today with their rules, fuel that says what it needs, replanning after new data, and the history of planned against done.</summary>
[Collection(ApiCollection.Name)]
public sealed class PlansApiTests(ApiFixture api)
{
    private static readonly string[] Sessions = ["rest", "easy", "moderate", "hard"];

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<(string Id, HttpClient Client)> PersonAsync(int days, int seed)
    {
        var (id, key) = await api.CreateUserAsync("Planner", "UTC");
        var client = api.Client(key);
        (await client.PostAsync($"/api/users/{id}/synthetic?days={days}&seed={seed}", null)).EnsureSuccessStatusCode();
        return (id, client);
    }

    [Fact]
    public async Task ThePlanIsSevenDaysFromTodayEachWithItsRuleAndFuelSaysWhatItNeeds()
    {
        var (id, client) = await PersonAsync(150, 5);
        using (client)
        {
            var plan = await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/plan");
            var today = api.Clock.Today("UTC");
            var days = plan.GetProperty("days").EnumerateArray().ToList();

            Assert.Equal(Day(today), plan.GetProperty("from").GetString());
            Assert.Equal(7, days.Count);
            Assert.Equal([.. Enumerable.Range(0, 7).Select(i => Day(today.AddDays(i)))], days.Select(d => d.GetProperty("date").GetString()));
            Assert.All(days, d =>
            {
                Assert.Contains(d.GetProperty("session").GetString(), Sessions);
                Assert.False(string.IsNullOrEmpty(d.GetProperty("rule").GetString()));
                Assert.False(string.IsNullOrEmpty(d.GetProperty("reason").GetString()));
                Assert.True(d.GetProperty("inputs").TryGetProperty("fitness", out _));
            });
            var fuel = plan.GetProperty("fuel");
            Assert.Equal(3, fuel.GetProperty("days").GetArrayLength());
            Assert.Contains(fuel.GetProperty("needs").EnumerateArray(), n => n.GetString()!.Contains("weight", StringComparison.Ordinal));
            Assert.Equal(JsonValueKind.Null, fuel.GetProperty("days")[0].GetProperty("carbohydrateMinG").ValueKind);

            // Given a body, the same plan's fuel has grams and a resting rate; an implausible one is refused.
            using var bad = await client.PatchAsJsonAsync($"/api/users/{id}", new { weightKg = 3 });
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            using var set = await client.PatchAsJsonAsync($"/api/users/{id}", new { heightCm = 172, weightKg = 64.5, birthYear = 1991, sex = "female" });
            set.EnsureSuccessStatusCode();
            Assert.Equal(64.5, (await set.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("body").GetProperty("weightKg").GetDouble());
            var fed = (await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/plan")).GetProperty("fuel");
            var first = fed.GetProperty("days")[0];
            Assert.Equal((int)Math.Round(64.5 * first.GetProperty("carbohydrateMinGPerKg").GetDouble()), first.GetProperty("carbohydrateMinG").GetInt32());
            Assert.Equal((int)Math.Round((10 * 64.5) + (6.25 * 172) - (5 * (today.Year - 1991)) - 161), first.GetProperty("restingKcal").GetInt32());
            Assert.DoesNotContain(fed.GetProperty("needs").EnumerateArray(), n => n.GetString()!.StartsWith("your weight", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task ALowHrvImportChangesThePlanAndBothPlansAreKept()
    {
        var (id, key) = await api.CreateUserAsync("Csv", "UTC");
        using var client = api.Client(key);
        var today = api.Clock.Today("UTC");
        async Task Upload(IEnumerable<(DateOnly Day, double Hrv)> nights, string name)
        {
            var csv = new StringBuilder("Date,HRV (ms),Resting HR\n");
            foreach (var (day, hrv) in nights)
            {
                csv.Append(CultureInfo.InvariantCulture, $"{Day(day)},{hrv:0.0},52\n");
            }

            using var body = new StringContent(csv.ToString(), Encoding.UTF8);
            body.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            (await client.PostAsync($"/api/users/{id}/imports?source=csv&fileName={name}", body)).EnsureSuccessStatusCode();
        }

        // Ninety ordinary nights from the same device, then the last week's nights again, low.
        await Upload(Enumerable.Range(1, 90).Select(i => (today.AddDays(-i), 55 * Math.Exp(0.08 * Math.Sin(i * 1.3)))), "nights.csv");
        var before = await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/plan");
        Assert.Equal("within", before.GetProperty("days")[0].GetProperty("inputs").GetProperty("hrvStatus").GetString());
        Assert.Contains(before.GetProperty("days").EnumerateArray(), d => d.GetProperty("session").GetString() == "moderate");

        await Upload(Enumerable.Range(1, 7).Select(i => (today.AddDays(-i), 30.0)), "low-week.csv");
        var after = await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/plan");
        var days = after.GetProperty("days").EnumerateArray().ToList();
        Assert.Equal("below", days[0].GetProperty("inputs").GetProperty("hrvStatus").GetString());
        Assert.DoesNotContain(days, d => d.GetProperty("session").GetString() is "hard" or "moderate");
        Assert.Equal("HRV-guided", days[0].GetProperty("rule").GetString());
        Assert.True(after.GetProperty("lakeVersion").GetInt32() > before.GetProperty("lakeVersion").GetInt32());

        var history = await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/plan/history");
        var issued = history.GetProperty("issued").EnumerateArray().ToList();
        Assert.Equal(2, issued.Count);
        Assert.Equal(after.GetProperty("lakeVersion").GetInt32(), issued[0].GetProperty("lakeVersion").GetInt32()); // newest first
    }

    [Fact]
    public async Task TheHistoryHoldsYesterdaysPlannedSessionAgainstWhatWasDone()
    {
        var (id, client) = await PersonAsync(90, 11);
        using (client)
        {
            var today = api.Clock.Today("UTC");
            var plan = await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/plan");
            var planned = plan.GetProperty("days")[0].GetProperty("session").GetString();

            using (api.Clock.At(api.Clock.GetUtcNow().AddDays(1)))
            {
                // The next morning the device brings yesterday in (the synthetic person's last two days).
                (await client.PostAsync($"/api/users/{id}/synthetic?days=2&seed=11", null)).EnsureSuccessStatusCode();
                var history = await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/plan/history");
                var day = history.GetProperty("days").EnumerateArray().Single(d => d.GetProperty("date").GetString() == Day(today));

                Assert.Equal(planned, day.GetProperty("planned").GetString());
                Assert.Contains(day.GetProperty("done").GetString(), Sessions);
                Assert.Equal(day.GetProperty("planned").GetString() == day.GetProperty("done").GetString(), day.GetProperty("kept").GetBoolean());
                var week = history.GetProperty("weeks").EnumerateArray().Single(w => w.GetProperty("monday").GetString() == Day(today.AddDays(-(((int)today.DayOfWeek + 6) % 7))));
                Assert.Equal(1, week.GetProperty("daysPlanned").GetInt32());
                Assert.Equal(day.GetProperty("kept").GetBoolean() ? 100 : 0, week.GetProperty("adherencePercent").GetDouble());
                Assert.Contains("kept", history.GetProperty("rule").GetString(), StringComparison.Ordinal);
                Assert.Equal(2, history.GetProperty("issued").GetArrayLength()); // today's plan and the new day's
            }
        }
    }

    [Fact]
    public async Task TheAgentAnswersTheWeekTomorrowAndTodayFromThePlan()
    {
        var (id, client) = await PersonAsync(150, 5);
        using (client)
        {
            var plan = await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/plan");
            var days = plan.GetProperty("days").EnumerateArray().ToList();
            async Task<JsonElement> Ask(string question)
            {
                using var response = await client.PostAsJsonAsync($"/api/users/{id}/chat", new { message = question });
                response.EnsureSuccessStatusCode();
                var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
                Assert.Equal("answered", answer.GetProperty("kind").GetString());
                Assert.Contains(answer.GetProperty("functions").EnumerateArray(), f => f.GetProperty("name").GetString()!.Contains("get_plan", StringComparison.Ordinal));
                return answer;
            }

            var week = (await Ask("What should I train this week?")).GetProperty("answer").GetString()!;
            Assert.All(days, d => Assert.Contains($"({d.GetProperty("rule").GetString()})", week, StringComparison.Ordinal));
            var tomorrow = (await Ask("what's my plan for tomorrow")).GetProperty("answer").GetString()!;
            Assert.StartsWith($"Your plan for tomorrow ({DateOnly.Parse(days[1].GetProperty("date").GetString()!, CultureInfo.InvariantCulture):ddd d MMM}): {days[1].GetProperty("session").GetString()}", tomorrow, StringComparison.Ordinal);
            Assert.Contains($"(rule: {days[1].GetProperty("rule").GetString()})", tomorrow, StringComparison.Ordinal);
            var today = (await Ask("should I go hard today")).GetProperty("answer").GetString()!;
            Assert.StartsWith($"Your plan for today ({DateOnly.Parse(days[0].GetProperty("date").GetString()!, CultureInfo.InvariantCulture):ddd d MMM}): {days[0].GetProperty("session").GetString()}", today, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task WithoutDataThePlanSaysSo()
    {
        var (id, key) = await api.CreateUserAsync("Empty", "UTC");
        using var client = api.Client(key);
        using var response = await client.GetAsync($"/api/users/{id}/plan");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("no data", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/plan/history")).GetProperty("issued").GetArrayLength());
    }
}
