using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bio.Core.Reports;
using Microsoft.Playwright;

namespace Bio.Tests.Browser;

/// <summary>
/// One number per thing per day (issue 20): for a WHOOP, an Oura and the demo person, on several days,
/// the HRV and the device's own score are the same value on Today's table and tile, in the Trends charts,
/// in the agent's answer and in the weekly report, each at its own precision and under the device's name.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class OneNumberTests(BrowserFixture app)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static TheoryData<string> People => new() { "whoop", "oura", "demo" };

    [Theory]
    [MemberData(nameof(People))]
    public async Task EachDaysHrvAndDeviceScoreIsOneNumberOnEverySurface(string person)
    {
        var (id, key) = await PersonAsync(person);
        using var client = app.Api.Client(key);
        var status = await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/status");
        var last = DateOnly.Parse(status.GetProperty("dataTo").GetString()!, Inv);
        var (column, label, agentWord) = person == "whoop" ? ("recovery_score", "WHOOP recovery (%)", "recovery") : person == "oura" ? ("readiness_score", "Oura readiness", "readiness") : ("readiness_score", "Demo device readiness", "readiness");

        // What silver holds for the last seven days: the truth every surface shows.
        var daily = (await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/daily?from={D(last.AddDays(-6))}&to={D(last)}")).EnumerateArray()
            .ToDictionary(d => DateOnly.Parse(d.GetProperty("date").GetString()!, Inv), d => d.GetProperty("values"));
        double? Value(DateOnly day, string c) => daily.TryGetValue(day, out var v) && v.TryGetProperty(c, out var x) ? x.GetDouble() : null;
        var weekEnding = WeeklyReports.LastCompleteWeekEnding(last.AddDays(1));
        var days = daily.Keys.Where(d => Value(d, "hrv_rmssd_ms") is not null && Value(d, column) is not null).OrderDescending().Take(3).ToList();
        Assert.True(days.Count >= 2, $"{person}: {days.Count} days with both HRV and the device's score");

        // Today: the seven-day table under the device's name, and the tile of the status day.
        var page = await app.SignedInPageAsync(key);
        await page.Locator("table.metrics").WaitForAsync();
        var headers = (await page.Locator("table.metrics thead th").AllTextContentsAsync()).Select(h => h.Trim()).ToList();
        Assert.Contains(label, headers);
        Assert.DoesNotContain(headers, h => h == "Readiness" || h == "Recovery (%)"); // never under a name not its device's
        var (hrvColumn, scoreColumn) = (headers.IndexOf("HRV (ms)"), headers.IndexOf(label));
        foreach (var day in days)
        {
            var row = page.Locator("table.metrics tbody tr").Filter(new() { HasText = day.ToString("ddd MMM d", Inv) });
            var cells = (await row.Locator("td").AllTextContentsAsync()).Select(c => c.Trim()).ToList();
            Assert.Equal(Value(day, "hrv_rmssd_ms")!.Value.ToString("0", Inv), cells[hrvColumn]);
            Assert.Equal(Value(day, column)!.Value.ToString("0", Inv), cells[scoreColumn]);
        }

        var statusDay = DateOnly.Parse(status.GetProperty("date").GetString()!, Inv);
        if (Value(statusDay, column) is { } tile)
        {
            var tiles = page.Locator("[data-testid=device-score]").Filter(new() { HasText = label.Replace(" (%)", "", StringComparison.Ordinal) });
            Assert.Equal(tile.ToString("0", Inv) + (column == "recovery_score" ? " %" : ""), (await tiles.Locator("[data-testid=device-score-value]").TextContentAsync())?.Trim());
        }

        // Trends: the nightly HRV dot and the device score's chart, titled with the device's name.
        await page.GotoAsync("/trends?range=30");
        var scoreChart = page.Locator($"[data-testid=chart-{(column == "recovery_score" ? "recovery" : "readiness")}]");
        await scoreChart.Locator("script.chart-spec").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        var scoreSpec = JsonDocument.Parse((await scoreChart.Locator("script.chart-spec").TextContentAsync())!).RootElement;
        Assert.Equal(label.Replace(" (%)", "", StringComparison.Ordinal), scoreSpec.GetProperty("title").GetString());
        var hrvSpec = JsonDocument.Parse((await page.Locator("[data-testid=chart-hrv] script.chart-spec").TextContentAsync())!).RootElement;
        foreach (var day in days)
        {
            Assert.Equal(Value(day, column)!.Value, Point(scoreSpec, "daily", day), 3);
            Assert.Equal(Value(day, "hrv_rmssd_ms")!.Value, Point(hrvSpec, "nightly HRV", day), 3);
        }

        // The agent: the same numbers, the score under its own name.
        foreach (var day in days)
        {
            var hrv = await AskAsync(client, id, $"What was my HRV on {D(day)}?");
            Assert.InRange(Number(hrv, "ms") - Value(day, "hrv_rmssd_ms")!.Value, -0.0501, 0.0501); // to its one decimal
            var score = await AskAsync(client, id, $"What was my {agentWord} on {D(day)}?");
            Assert.InRange(Number(score, column == "recovery_score" ? "%" : "points") - Value(day, column)!.Value, -0.501, 0.501);
        }

        // The weekly report: each day's HRV of its chart.
        var report = await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/reports/{D(weekEnding)}?format=json");
        var reportDays = report.GetProperty("days").EnumerateArray().ToDictionary(d => DateOnly.Parse(d.GetProperty("date").GetString()!, Inv), d => d.GetProperty("hrvMs"));
        var inWeek = days.Where(d => d > weekEnding.AddDays(-7) && d <= weekEnding).ToList();
        foreach (var day in inWeek)
        {
            Assert.Equal(Value(day, "hrv_rmssd_ms")!.Value, reportDays[day].GetDouble(), 6);
        }

        await page.Context.CloseAsync();
    }

    private static double Point(JsonElement spec, string series, DateOnly day) =>
        spec.GetProperty("series").EnumerateArray().Single(s => s.GetProperty("name").GetString() == series)
            .GetProperty("points").EnumerateArray().Single(p => p[0].GetInt32() == day.DayNumber)[1].GetDouble();

    /// <summary>The number the answer gives in the unit (the first such), to the answer's own precision.</summary>
    private static double Number(string answer, string unit)
    {
        // A score in points is said bare ("Your readiness was 88 on ..."); other units follow their number.
        var m = unit == "points" ? Regex.Match(answer, @"was (\d+(?:\.\d+)?)") : Regex.Match(answer, $@"(\d+(?:\.\d+)?)\s*{Regex.Escape(unit)}");
        Assert.True(m.Success, $"no number in {unit} in: {answer}");
        return double.Parse(m.Groups[1].Value, Inv);
    }

    private static async Task<string> AskAsync(HttpClient client, string id, string question)
    {
        using var response = await client.PostAsJsonAsync($"/api/users/{id}/chat", new { message = question });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("answered", body.GetProperty("kind").GetString());
        return body.GetProperty("answer").GetString()!;
    }

    private async Task<(string Id, string Key)> PersonAsync(string person)
    {
        if (person == "demo")
        {
            return app.Demo;
        }

        var (id, key) = await app.Api.CreateUserAsync($"{person} one number", "Europe/Berlin");
        await app.Api.ImportFixturesAsync(id, key, person == "whoop" ? "whoop/my_whoop_data_2024_11_05.zip" : "oura/oura-trends-2022.csv");
        return (id, key);
    }

    private static string D(DateOnly d) => d.ToString("yyyy-MM-dd", Inv);
}
