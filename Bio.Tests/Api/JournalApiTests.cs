using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bio.Tests.Infrastructure;

namespace Bio.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class JournalApiTests(ApiFixture api)
{
    [Fact]
    public async Task AnEntryIsReadStoredInSilverAndReplacedByTheDaysNextOne()
    {
        var (id, key) = await api.CreateUserAsync("Jules", "Europe/Berlin");
        using var client = api.Client(key);
        (await client.PostAsync($"/api/users/{id}/synthetic?days=30&seed=4", null)).EnsureSuccessStatusCode();
        var lake = await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/lake");
        var day = DateOnly.Parse(lake.GetProperty("watermark").GetString()!, System.Globalization.CultureInfo.InvariantCulture);

        using var written = await client.PostAsJsonAsync($"/api/users/{id}/journal", new { date = day, text = "Two glasses of wine with dinner, stressful day at work" });
        Assert.Equal(HttpStatusCode.OK, written.StatusCode);
        var body = await written.Content.ReadFromJsonAsync<JsonElement>();
        var features = body.GetProperty("entry").GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(["alcohol", "stress"], features.Select(f => f.GetProperty("name").GetString()));
        Assert.All(features, f => Assert.True(f.GetProperty("present").GetBoolean()));
        Assert.Equal("completed", body.GetProperty("report").GetProperty("status").GetString());
        var version = body.GetProperty("report").GetProperty("lakeVersion").GetInt32();
        Assert.Equal(lake.GetProperty("version").GetInt32() + 1, version);

        // In silver's journal table, where SQL and the agent read it.
        using var sql = await client.PostAsJsonAsync($"/api/users/{id}/query",
            new { sql = $"SELECT question, answer FROM journal WHERE source = 'journal' AND date = DATE '{day:yyyy-MM-dd}' AND answer ORDER BY question" });
        var rows = (await sql.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rows").EnumerateArray().Select(r => r[0].GetString()).ToList();
        Assert.Equal(["Felt stressed?", "Had alcohol?"], rows);

        // The same entry again is a duplicate (no new lake version); a new text for the day replaces it.
        using var again = await client.PostAsJsonAsync($"/api/users/{id}/journal", new { date = day, text = "Two glasses of wine with dinner, stressful day at work" });
        Assert.Equal(version, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("report").GetProperty("lakeVersion").GetInt32());
        (await client.PostAsJsonAsync($"/api/users/{id}/journal", new { date = day, text = "No alcohol after all. Meditated before bed" })).EnsureSuccessStatusCode();
        var entries = await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/journal?from={day:yyyy-MM-dd}");
        var entry = Assert.Single(entries.EnumerateArray());
        Assert.Equal("No alcohol after all. Meditated before bed", entry.GetProperty("text").GetString());
        Assert.Equal(["-alcohol", "+meditation"], entry.GetProperty("features").EnumerateArray()
            .Select(f => (f.GetProperty("present").GetBoolean() ? "+" : "-") + f.GetProperty("name").GetString()));

        // Today by default, in the person's time zone.
        using var today = await client.PostAsJsonAsync($"/api/users/{id}/journal", new { text = "Flew home, jet lag" });
        var todayEntry = (await today.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("entry");
        var berlin = api.Clock.Today("Europe/Berlin");
        Assert.Equal(berlin.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), todayEntry.GetProperty("date").GetString());
        Assert.Equal(2, (await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/journal")).GetArrayLength());
    }

    [Fact]
    public async Task TheEffectsOfTheJournalComeWithCountsIntervalsVerdictsAndTheTimingRule()
    {
        var (id, key) = await api.CreateUserAsync("Effie", "UTC");
        using var client = api.Client(key);
        (await client.PostAsync($"/api/users/{id}/synthetic?days=240&seed=11", null)).EnsureSuccessStatusCode();
        var report = await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/journal/effects");
        Assert.Equal(0.10, report.GetProperty("falseDiscoveryRate").GetDouble());
        Assert.Equal("synthetic", Assert.Single(report.GetProperty("timing").EnumerateArray()).GetProperty("source").GetString());
        var hrv = report.GetProperty("effects").EnumerateArray().Single(e => e.GetProperty("behaviour").GetString() == "alcohol" && e.GetProperty("outcome").GetString() == "hrv");
        Assert.Equal("HRV (rMSSD)", hrv.GetProperty("outcomeLabel").GetString());
        Assert.True(hrv.GetProperty("nYes").GetInt32() >= 10 && hrv.GetProperty("nNo").GetInt32() >= 10);
        var adjusted = hrv.GetProperty("adjusted");
        Assert.True(adjusted.GetProperty("low").GetDouble() < adjusted.GetProperty("estimate").GetDouble());
        Assert.Equal("likely effect", hrv.GetProperty("verdict").GetString());
        Assert.EndsWith("An association, not a cause.", hrv.GetProperty("sentence").GetString(), StringComparison.Ordinal);

        // The last two weeks alone are too few days: the counts, and no numbers.
        var last = DateOnly.Parse((await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/lake")).GetProperty("watermark").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var recent = await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/journal/effects?from={last.AddDays(-13):yyyy-MM-dd}&to={last:yyyy-MM-dd}");
        Assert.All(recent.GetProperty("effects").EnumerateArray(), e => Assert.Equal("not enough days yet", e.GetProperty("verdict").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/users/{id}/journal/effects?from=2026-02-02&to=2026-02-01")).StatusCode);
    }

    [Fact]
    public async Task TheAgentAnswersWhatAlcoholDoesToWhoopRecoveryWithTheAdjustedEffectAndTheTimingRule()
    {
        var (id, key) = await api.CreateUserAsync("Drinker", "America/New_York");
        using var client = api.Client(key);
        var path = Path.Combine(Bio.Tests.AgentBank.Bank.Directory, "exports", "whoop-a", "my_whoop_data_2025_01_16.zip");
        using var content = new MultipartFormDataContent { { new ByteArrayContent(await File.ReadAllBytesAsync(path)), "file", Path.GetFileName(path) } };
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync($"/api/users/{id}/imports", content)).StatusCode);

        async Task<string> Ask(string message)
        {
            using var response = await client.PostAsJsonAsync($"/api/users/{id}/chat", new { message });
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("answered", body.GetProperty("kind").GetString());
            return body.GetProperty("answer").GetString()!;
        }

        // The means are the bank's (its SQL joins each answer to its own cycle: 53.3 % after alcohol, 54.4 % without).
        var recovery = await Ask("Does alcohol affect my recovery?");
        Assert.Contains("your WHOOP recovery averaged 53.3 %", recovery, StringComparison.Ordinal);
        Assert.Contains("against 54.4 % without", recovery, StringComparison.Ordinal);
        Assert.Matches(@"adjusted for weekday[^;]*, -?\d+\.\d percentage points (lower|higher) \(95 % interval [+-]\d+\.\d percentage points to [+-]\d+\.\d percentage points", recovery);
        Assert.Contains("a WHOOP journal answer is compared with its own cycle's recovery", recovery, StringComparison.Ordinal);
        Assert.EndsWith("An association, not a cause.", recovery, StringComparison.Ordinal);

        var hrv = await Ask("does alcohol affect my HRV");
        Assert.Contains("Alcohol and HRV (rMSSD): adjusted for", hrv, StringComparison.Ordinal);

        var sleep = await Ask("what do my habits do to my sleep");
        Assert.StartsWith("What your habits go with on the next morning's sleep", sleep, StringComparison.Ordinal);
        Assert.Contains("Alcohol and sleep:", sleep, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"text\": \"   \"}", 400, "Send")]
    [InlineData("{\"text\": \"fine\", \"date\": \"2999-01-01\"}", 400, "has not happened yet")]
    [InlineData("{\"text\": \"fine\", \"date\": \"1990-01-01\"}", 400, "more than ten years ago")]
    [InlineData("{\"text\": ", 400, "not valid JSON")]
    public async Task ABadEntryIsRefusedWithAReasonAndChangesNothing(string json, int status, string reason)
    {
        var (id, key) = await api.CreateUserAsync("Jo", "UTC");
        using var client = api.Client(key);
        using var response = await client.PostAsync($"/api/users/{id}/journal", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(reason, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/journal")).GetArrayLength());
    }

    [Fact]
    public async Task ALongEntryIsRefused()
    {
        var (id, key) = await api.CreateUserAsync("Jo", "UTC");
        using var client = api.Client(key);
        using var response = await client.PostAsJsonAsync($"/api/users/{id}/journal", new { text = new string('a', 4001) });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("at most 4000 characters", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DailyFeedbackIsStoredQueryableAndReplacedByTheDaysNext()
    {
        var (id, key) = await api.CreateUserAsync("Fen", "UTC");
        using var client = api.Client(key);
        var day = api.Clock.Today("UTC").AddDays(-1);

        using var written = await client.PostAsJsonAsync($"/api/users/{id}/feedback", new { date = day, energy = 2, mood = 4, exertion = 7, notes = "legs heavy after intervals" });
        Assert.Equal(HttpStatusCode.OK, written.StatusCode);
        var body = await written.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, body.GetProperty("feedback").GetProperty("energy").GetInt32());
        Assert.Equal("completed", body.GetProperty("report").GetProperty("status").GetString());
        Assert.Equal(1, body.GetProperty("report").GetProperty("lakeVersion").GetInt32());

        // The day again replaces it (a rating left out is no longer there); SQL reads the silver table.
        (await client.PostAsJsonAsync($"/api/users/{id}/feedback", new { date = day, energy = 3 })).EnsureSuccessStatusCode();
        var all = await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/feedback");
        var only = Assert.Single(all.EnumerateArray());
        Assert.Equal(3, only.GetProperty("energy").GetInt32());
        Assert.Equal(JsonValueKind.Null, only.GetProperty("mood").ValueKind);
        using var sql = await client.PostAsJsonAsync($"/api/users/{id}/query", new { sql = "SELECT date, energy, mood FROM feedback" });
        var rows = (await sql.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rows");
        Assert.Equal(1, rows.GetArrayLength());
        Assert.Equal(3, rows[0][1].GetInt32());
        var lake = await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/lake");
        Assert.Contains(lake.GetProperty("tables").EnumerateArray(), t => t.GetProperty("name").GetString() == "feedback" && t.GetProperty("rows").GetInt64() == 1);
    }

    [Theory]
    [InlineData("{}", "Nothing to record")]
    [InlineData("{\"energy\": 6}", "energy is 1 (drained) to 5")]
    [InlineData("{\"mood\": 0}", "mood is 1 (low) to 5")]
    [InlineData("{\"exertion\": 11}", "exertion is the day's perceived effort from 0 (rest) to 10")]
    [InlineData("{\"energy\": 3, \"date\": \"2999-01-01\"}", "has not happened yet")]
    public async Task BadFeedbackIsRefusedWithAReason(string json, string reason)
    {
        var (id, key) = await api.CreateUserAsync("Fen", "UTC");
        using var client = api.Client(key);
        using var response = await client.PostAsync($"/api/users/{id}/feedback", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/feedback")).GetArrayLength());
    }

    [Fact]
    public async Task TheAgentAnswersFromTheJournalAndTheFeedback()
    {
        var (id, key) = await api.CreateUserAsync("Asker", "UTC");
        using var client = api.Client(key);
        (await client.PostAsync($"/api/users/{id}/synthetic?days=40&seed=21", null)).EnsureSuccessStatusCode();
        var last = api.Clock.Today("UTC").AddDays(-1);
        foreach (var d in new[] { 2, 5, 9 })
        {
            (await client.PostAsJsonAsync($"/api/users/{id}/journal", new { date = last.AddDays(-d), text = "Stressful day, deadlines" })).EnsureSuccessStatusCode();
        }

        (await client.PostAsJsonAsync($"/api/users/{id}/journal", new { date = last.AddDays(-3), text = "Meditated 20 minutes" })).EnsureSuccessStatusCode();
        foreach (var (d, mood) in new[] { (1, 2), (2, 4), (3, 3) })
        {
            (await client.PostAsJsonAsync($"/api/users/{id}/feedback", new { date = last.AddDays(-d), mood })).EnsureSuccessStatusCode();
        }

        async Task<JsonElement> Ask(string message)
        {
            using var response = await client.PostAsJsonAsync($"/api/users/{id}/chat", new { message });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }

        var stress = await Ask("Does stress affect my HRV?");
        Assert.Equal("answered", stress.GetProperty("kind").GetString());
        // Three typed days with stress and one typed day without: each paired with the next morning, too few to conclude.
        var said = stress.GetProperty("answer").GetString();
        Assert.Contains("Stress and HRV (rMSSD): not enough days yet (3 with and 1 without; Bio needs at least 10 of each)", said, StringComparison.Ordinal);
        Assert.Contains("a typed entry of a day is compared with the next morning", said, StringComparison.Ordinal);
        Assert.Contains("get_journal_effects", stress.GetProperty("functions").ToString(), StringComparison.Ordinal);

        var meditation = await Ask("How many days did I meditate this month?");
        Assert.Equal("answered", meditation.GetProperty("kind").GetString());
        Assert.Contains("meditation", meditation.GetProperty("answer").GetString(), StringComparison.Ordinal);

        var moodAnswer = await Ask("What was my average mood in the last 7 days?");
        Assert.Equal("answered", moodAnswer.GetProperty("kind").GetString());
        Assert.Contains("FROM feedback", moodAnswer.GetProperty("sql").GetString(), StringComparison.Ordinal);
        Assert.Contains("3 of 5", moodAnswer.GetProperty("answer").GetString(), StringComparison.Ordinal);
    }
}
