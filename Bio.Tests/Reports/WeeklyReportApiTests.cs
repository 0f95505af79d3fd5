using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bio.Core.Reports;
using Bio.Tests.Api;
using Bio.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Bio.Tests.Reports;

/// <summary>
/// The weekly report through the API, checked number by number: every <c>&lt;data&gt;</c> in the HTML
/// is looked up by its key in what the API itself serves for that week (weekly_trends, the status at
/// the week's end, overtraining_risk, anomalies, insights, forecast history), and no other number
/// appears in the page's text.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed partial class WeeklyReportApiTests(ApiFixture api)
{
    private static string D(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<(string Id, HttpClient Client, DateOnly Last)> SyntheticUserAsync(int days, int seed, string timeZone = "UTC")
    {
        var (id, key) = await api.CreateUserAsync("Rita Report", timeZone);
        var client = api.Client(key);
        using var seeded = await client.PostAsync($"/api/users/{id}/synthetic?days={days}&seed={seed}", null);
        Assert.Equal(HttpStatusCode.OK, seeded.StatusCode);
        var report = (await seeded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("report");
        return (id, client, DateOnly.Parse(report.GetProperty("lastDate").GetString()!, CultureInfo.InvariantCulture));
    }

    [Theory]
    [MemberData(nameof(CalendarDates.All), MemberType = typeof(CalendarDates))]
    public async Task EveryNumberInAReportIsTheApisValueForThatWeek(string now, string timeZone)
    {
        using var today = api.Clock.At(CalendarDates.Instant(now));
        var (id, client, last) = await SyntheticUserAsync(200, 42, timeZone);
        using (client)
        {
            // The synthetic days end yesterday in the person's time zone; the report is for the last complete week.
            Assert.Equal(CalendarDates.LocalDate(CalendarDates.Instant(now), timeZone).AddDays(-1), last);
            var weekEnding = WeeklyReports.LastCompleteWeekEnding(last.AddDays(1));
            // A typed journal entry and two days' ratings in the week: the report's journal section.
            (await client.PostAsJsonAsync($"/api/users/{id}/journal", new { date = D(weekEnding.AddDays(-2)), text = "Wine with dinner, stressful day" })).EnsureSuccessStatusCode();
            (await client.PostAsJsonAsync($"/api/users/{id}/feedback", new { date = D(weekEnding.AddDays(-1)), energy = 4, mood = 3, exertion = 6 })).EnsureSuccessStatusCode();
            (await client.PostAsJsonAsync($"/api/users/{id}/feedback", new { date = D(weekEnding.AddDays(-3)), energy = 2, exertion = 8 })).EnsureSuccessStatusCode();
            using var response = await client.GetAsync($"/api/users/{id}/reports/{D(weekEnding)}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
            var html = await response.Content.ReadAsStringAsync();

            var expected = await ExpectedAsync(client, id, weekEnding);
            var found = Data().Matches(html).ToList();
            Assert.True(found.Count >= 40, $"only {found.Count} numbers in the report");
            foreach (var m in found)
            {
                var key = m.Groups["key"].Value;
                Assert.True(expected.TryGetValue(key, out var want), $"the report shows '{key}', which the API does not have for this week");
                var value = double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture);
                Assert.True(Math.Abs(value - want.Value) <= 1e-9 * Math.Max(1, Math.Abs(want.Value)), $"{key}: report {value}, API {want.Value}");
                Assert.Equal(want.Text, WebUtility.HtmlDecode(m.Groups["text"].Value));
            }

            Assert.Contains(found, m => m.Groups["key"].Value.StartsWith("next_week_plan.", StringComparison.Ordinal));

            // Every weekly number the API has for these four weeks is in the report, the journal's too.
            Assert.Contains("journal.energy_mean", expected.Keys);
            Assert.Equal(3.0, expected["journal.energy_mean"].Value);
            Assert.Equal(1, expected["journal.stress"].Value);
            foreach (var key in expected.Keys.Where(k => k.StartsWith("week.", StringComparison.Ordinal) || k.StartsWith("journal.", StringComparison.Ordinal)))
            {
                Assert.Contains(found, m => m.Groups["key"].Value == key);
            }

            // The journal's effects: in the week a month closes, and only then.
            Assert.Equal(WeeklyReports.MonthClosing(weekEnding) is not null, html.Contains("<section id=\"effects\">", StringComparison.Ordinal));

            // Anomalies: the count the narrative gives is shown whenever there is one to give.
            Assert.Equal(expected["anomalies.count"].Value > 0, found.Any(m => m.Groups["key"].Value == "anomalies.count"));

            // Sentences the analytics wrote are the API's, word for word.
            var texts = Text().Matches(html).ToList();
            Assert.NotEmpty(texts);
            foreach (var m in texts)
            {
                var key = m.Groups["key"].Value;
                Assert.True(expected.TryGetValue(key, out var want), $"the report quotes '{key}', which the API does not have");
                Assert.Equal(want.Text, WebUtility.HtmlDecode(m.Groups["text"].Value));
            }

            // The narrative uses only numbers the report shows.
            var narrative = WebUtility.HtmlDecode(Narrative().Match(html).Groups["text"].Value);
            Assert.False(string.IsNullOrWhiteSpace(narrative));
            // ("down 3.7 %" says the sign in words)
            var shown = found.Select(m => WebUtility.HtmlDecode(m.Groups["text"].Value).TrimStart('-')).ToHashSet(StringComparer.Ordinal);
            foreach (Match n in Number().Matches(narrative))
            {
                Assert.True(shown.Contains(n.Value), $"the narrative says {n.Value}, which the report does not show: {narrative}");
            }

            // And nothing else in the page's text is a number: charts, dates and the labels aside.
            var rest = Svg().Replace(Style().Replace(html, ""), "");
            rest = Data().Replace(rest, "");
            rest = Text().Replace(rest, "");
            rest = Narrative().Replace(rest, "");
            rest = Tag().Replace(rest, " ");
            rest = WebUtility.HtmlDecode(rest);
            rest = Dates().Replace(rest, "");
            rest = rest.Replace("7-day", "", StringComparison.Ordinal).Replace("80 %", "", StringComparison.Ordinal);
            Assert.DoesNotMatch(@"\d", rest);

            // The JSON form has the same week, and the list shows the stored report.
            var json = await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/reports/{D(weekEnding)}?format=json");
            Assert.Equal(D(weekEnding), json.GetProperty("weekEnding").GetString());
            Assert.Equal(4, json.GetProperty("weeks").GetArrayLength());
            Assert.Equal(5, json.GetProperty("insights").GetArrayLength());
            var list = await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/reports");
            var item = Assert.Single(list.EnumerateArray());
            Assert.Equal(D(weekEnding), item.GetProperty("weekEnding").GetString());
            Assert.Equal(WeeklyReports.OnDemand, item.GetProperty("trigger").GetString());
        }
    }

    [Theory]
    [InlineData("2026-06-10", 400, "is a Wednesday")]
    [InlineData("last-week", 400, "is not a date")]
    [InlineData("2019-01-06", 404, "There is no data in the week")]
    public async Task AWeekWithoutAReportIsAProblemThatSaysWhy(string week, int status, string says)
    {
        var (id, client, _) = await SyntheticUserAsync(30, 3);
        using (client)
        {
            using var response = await client.GetAsync($"/api/users/{id}/reports/{week}");
            Assert.Equal(status, (int)response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains(says, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Empty((await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/reports")).EnumerateArray());
        }
    }

    [Fact]
    public async Task ADownloadIsServedAsAFileAndAnotherPersonsKeyIsRefused()
    {
        var (id, client, last) = await SyntheticUserAsync(30, 4);
        var (_, otherKey) = await api.CreateUserAsync("Other", "UTC");
        using (client)
        using (var other = api.Client(otherKey))
        {
            var week = D(WeeklyReports.LastCompleteWeekEnding(last.AddDays(1)));
            using var download = await client.GetAsync($"/api/users/{id}/reports/{week}?download=true");
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal($"bio-report-{week}.html", download.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
            Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/api/users/{id}/reports/{week}")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/api/users/{id}/reports")).StatusCode);
            using var again = await client.PostAsync($"/api/users/{id}/reports/{week}", null);
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }
    }

    [Fact]
    public async Task TheAgentsReportToolGivesTheSameReportAsTheApi()
    {
        var (id, client, last) = await SyntheticUserAsync(60, 5);
        using (client)
        {
            var grain = api.Factory.Services.GetRequiredService<IClusterClient>().GetGrain<Bio.Core.Users.IUserGrain>(id);
            var summary = await new Bio.Core.Agent.BioTools(grain, last.AddDays(1)).GetWeeklyReportAsync();
            Assert.Equal(WeeklyReports.LastCompleteWeekEnding(last.AddDays(1)), summary.WeekEnding);
            var json = await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/reports/{D(summary.WeekEnding)}?format=json");
            Assert.Equal(json.GetProperty("narrative").GetString(), summary.Narrative);
            Assert.Equal(json.GetProperty("recommendations").EnumerateArray().Select(r => r.GetString()), summary.Recommendations);
            Assert.Equal(json.GetProperty("weeks")[3].GetProperty("hrvMean").GetDouble(), summary.Weeks[3].HrvMean!.Value, 12);
            await Assert.ThrowsAsync<ReportWeekException>(() => new Bio.Core.Agent.BioTools(grain, last).GetWeeklyReportAsync("2026-06-10"));
        }
    }

    private sealed record Want(double Value, string Text);

    /// <summary>Every number and sentence the report may show, keyed as the report keys them, from the API alone.</summary>
    [Fact]
    public async Task AWhoopPersonsWeekNamesRecoveryAsWhoopDoesWithTheSameNumberInTheReportAndTheAgent()
    {
        var (id, key) = await api.CreateUserAsync("Wes Whoop", "UTC");
        using var client = api.Client(key);
        await api.ImportFixturesAsync(id, key, "whoop/my_whoop_data_2024_11_05.zip");
        var sunday = new DateOnly(2024, 11, 3);
        var monday = sunday.AddDays(-6);

        // The week's recovery is the mean of the days WHOOP scored, from the person's own daily rows.
        var days = (await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/daily?from={D(monday)}&to={D(sunday)}")).EnumerateArray()
            .Select(d => d.GetProperty("values")).Where(v => v.TryGetProperty("recovery_score", out _)).Select(v => v.GetProperty("recovery_score").GetDouble()).ToList();
        Assert.True(days.Count >= 2, $"{days.Count} scored days");
        var week = (await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/gold/weekly_trends")).EnumerateArray().Single(w => w.GetProperty("week_start").GetString() == D(monday));
        Assert.Equal(days.Average(), week.GetProperty("recovery_mean").GetDouble(), 9);
        Assert.Equal(days.Count, week.GetProperty("recovery_days").GetInt32());
        Assert.Equal(JsonValueKind.Null, week.GetProperty("readiness_mean").ValueKind); // WHOOP gives no readiness

        var html = await client.GetStringAsync($"/api/users/{id}/reports/{D(sunday)}");
        var shown = ReportFormat.Score(days.Average());
        Assert.Contains("WHOOP recovery mean (%)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("readiness mean", html, StringComparison.OrdinalIgnoreCase);
        Assert.Matches($@"data-key=""week\.{D(monday)}\.recovery_mean""[^>]*>{Regex.Escape(shown)}<", html);
        Assert.Contains($"Your WHOOP recovery averaged {shown} % over {days.Count} scored days", html, StringComparison.Ordinal);

        using var asked = await client.PostAsJsonAsync($"/api/users/{id}/chat", new { message = $"summary of the week of {D(sunday)}" });
        var answer = (await asked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("answer").GetString()!;
        Assert.Contains($"WHOOP recovery {Math.Round(days.Average(), 1).ToString("0.#", CultureInfo.InvariantCulture)} %", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("readiness", answer, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<Dictionary<string, Want>> ExpectedAsync(HttpClient client, string id, DateOnly weekEnding)
    {
        var weekStart = weekEnding.AddDays(-6);
        var want = new Dictionary<string, Want>(StringComparer.Ordinal);
        void Num(string key, JsonElement e, Func<double, string> format, Func<double, double>? raw = null)
        {
            if (e.ValueKind == JsonValueKind.Number)
            {
                var v = e.GetDouble();
                want[key] = new Want(raw?.Invoke(v) ?? v, format(v));
            }
        }

        void Text(string key, string? text) => want[key] = new Want(double.NaN, text ?? "");

        foreach (var w in (await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/gold/weekly_trends")).EnumerateArray())
        {
            var start = DateOnly.Parse(w.GetProperty("week_start").GetString()!, CultureInfo.InvariantCulture);
            if (start < weekStart.AddDays(-21) || start > weekStart)
            {
                continue;
            }

            var k = $"week.{D(start)}.";
            Num(k + "hrv_mean", w.GetProperty("hrv_mean"), ReportFormat.Ms);
            Num(k + "hrv_change_pct", w.GetProperty("hrv_change_pct"), ReportFormat.Pct);
            Num(k + "rhr_mean", w.GetProperty("rhr_mean"), ReportFormat.Bpm);
            Num(k + "sleep_score_mean", w.GetProperty("sleep_score_mean"), ReportFormat.Score);
            Num(k + "readiness_mean", w.GetProperty("readiness_mean"), ReportFormat.Score);
            Num(k + "recovery_mean", w.GetProperty("recovery_mean"), ReportFormat.Score);
            Num(k + "days_with_data", w.GetProperty("days_with_data"), v => ReportFormat.Count((int)v));
            Num(k + "workouts", w.GetProperty("workouts"), v => ReportFormat.Count((int)v));
            Num(k + "workout_minutes", w.GetProperty("workout_minutes"), ReportFormat.Minutes);
        }

        var status = await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/status?date={D(weekEnding)}");
        var hrv = status.GetProperty("hrv");
        Num("hrv.mean7_ms", hrv.GetProperty("mean7"), v => ReportFormat.Ms(Math.Exp(v)), Math.Exp);
        Num("hrv.lower_ms", hrv.GetProperty("lower"), v => ReportFormat.Ms(Math.Exp(v)), Math.Exp);
        Num("hrv.upper_ms", hrv.GetProperty("upper"), v => ReportFormat.Ms(Math.Exp(v)), Math.Exp);
        Num("hrv.cv7_percent", hrv.GetProperty("cv7Percent"), ReportFormat.Pct);
        var load = status.GetProperty("load");
        Num("load.fitness", load.GetProperty("fitness"), ReportFormat.Load);
        Num("load.fatigue", load.GetProperty("fatigue"), ReportFormat.Load);
        Num("load.form", load.GetProperty("form"), ReportFormat.Load);
        Num("load.acwr", load.GetProperty("acwr"), ReportFormat.Ratio);
        Num("load.monotony", load.GetProperty("monotony"), ReportFormat.Ratio);
        Num("load.strain", load.GetProperty("strain"), ReportFormat.Load);
        var reasons = status.GetProperty("risk").GetProperty("reasons").EnumerateArray().ToList();
        for (var i = 0; i < reasons.Count; i++)
        {
            Text($"risk.reasons.{i}", reasons[i].GetString());
        }

        Text("next_day.reason", status.GetProperty("recommendation").GetProperty("reason").GetString());

        // Next week's plan: the report's own JSON form (the plan is made from the Monday after the week).
        var report = await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/reports/{D(weekEnding)}?format=json");
        var plan = report.GetProperty("nextWeekPlan");
        {
            Assert.Equal(7, plan.GetArrayLength());
            Assert.Equal(D(weekEnding.AddDays(1)), plan[0].GetProperty("date").GetString());
            foreach (var day in plan.EnumerateArray())
            {
                Num($"next_week_plan.{day.GetProperty("date").GetString()}.minutes", day.GetProperty("durationMinutes"), v => v.ToString("0", CultureInfo.InvariantCulture));
            }
        }
        var levels = (await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/gold/overtraining_risk?from={D(weekStart)}&to={D(weekEnding)}"))
            .EnumerateArray().GroupBy(r => r.GetProperty("level").GetString()!).ToDictionary(g => g.Key, g => g.Count());
        foreach (var level in new[] { "low", "moderate", "high" })
        {
            var n = levels.GetValueOrDefault(level);
            want[$"risk_days.{level}"] = new Want(n, ReportFormat.Count(n));
        }

        var anomalies = (await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/gold/anomalies?from={D(weekStart)}&to={D(weekEnding)}")).EnumerateArray().ToList();
        want["anomalies.count"] = new Want(anomalies.Count, ReportFormat.Count(anomalies.Count));
        foreach (var a in anomalies)
        {
            var k = $"anomaly.{a.GetProperty("date").GetString()}.{a.GetProperty("kind").GetString()}.";
            Num(k + "value", a.GetProperty("value"), ReportFormat.Stat);
            Num(k + "score", a.GetProperty("score"), ReportFormat.Stat);
            Text(k + "reason", a.GetProperty("reason").GetString());
        }

        var from = weekEnding.AddDays(-(7 * WeeklyReports.InsightWeeks) + 1);
        foreach (var i in (await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/insights?from={D(from)}&to={D(weekEnding)}")).EnumerateArray())
        {
            var k = $"insight.{i.GetProperty("id").GetString()}.";
            Num(k + "n", i.GetProperty("n"), v => ReportFormat.Count((int)v));
            Num(k + "statistic", i.GetProperty("statistic"), ReportFormat.Stat);
            Num(k + "p", i.GetProperty("p"), ReportFormat.P);
            Num(k + "effect", i.GetProperty("effect"), ReportFormat.Stat);
            Text(k + "title", i.GetProperty("title").GetString());
            Text(k + "test", i.GetProperty("test").GetString());
            Text(k + "effect_name", i.GetProperty("effectName").GetString() ?? "effect");
            Text(k + "narrative", i.GetProperty("narrative").GetString());
        }

        // The journal's yes days per question (typed entries by their feature) and the own ratings, by SQL over silver.
        var typed = Bio.Core.Journal.JournalExtractor.Questions.ToDictionary(kv => kv.Value, kv => kv.Key, StringComparer.Ordinal);
        async Task<JsonElement> Sql(string sql)
        {
            using var response = await client.PostAsJsonAsync($"/api/users/{id}/query", new { sql });
            response.EnsureSuccessStatusCode();
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rows");
        }

        var week = $"date BETWEEN DATE '{D(weekStart)}' AND DATE '{D(weekEnding)}'";
        var yes = (await Sql($"SELECT question, date FROM journal WHERE answer AND {week}")).EnumerateArray()
            .Select(r => (Question: r[0].GetString()!.Trim(), Date: r[1].GetString()!));
        foreach (var g in yes.GroupBy(r => typed.TryGetValue(r.Question, out var feature) ? feature : r.Question, StringComparer.Ordinal))
        {
            var days = g.Select(r => r.Date).Distinct().Count();
            want[$"journal.{g.Key}"] = new Want(days, ReportFormat.Count(days));
        }

        var rated = (await Sql($"SELECT count(DISTINCT date), avg(energy), avg(mood), avg(exertion) FROM feedback WHERE {week}"))[0];
        if (rated[0].GetInt32() > 0)
        {
            want["journal.rated_days"] = new Want(rated[0].GetInt32(), ReportFormat.Count(rated[0].GetInt32()));
            Num("journal.energy_mean", rated[1], ReportFormat.Rating);
            Num("journal.mood_mean", rated[2], ReportFormat.Rating);
            Num("journal.exertion_mean", rated[3], ReportFormat.Rating);
        }

        // In the week a month closes, the journal's effects up to the month's last day, sentence by sentence.
        if (WeeklyReports.MonthClosing(weekEnding) is { } monthEnd)
        {
            foreach (var e in (await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/journal/effects?to={D(monthEnd)}")).GetProperty("effects").EnumerateArray())
            {
                Text($"effects.{e.GetProperty("behaviour").GetString()}.{e.GetProperty("outcome").GetString()}", e.GetProperty("sentence").GetString());
            }
        }

        var scored = (await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/forecasts/history")).GetProperty("forecasts").EnumerateArray()
            .Where(r => r.GetProperty("horizon").GetInt32() == 1 && r.GetProperty("actualMs").ValueKind == JsonValueKind.Number)
            .Where(r => DateOnly.Parse(r.GetProperty("target").GetString()!, CultureInfo.InvariantCulture) is var t && t >= weekStart && t <= weekEnding)
            .ToList();
        if (scored.Count > 0)
        {
            double Mae(string field) => scored.Average(r => Math.Abs(r.GetProperty(field).GetDouble() - r.GetProperty("actualMs").GetDouble()));
            want["accuracy.n"] = new Want(scored.Count, ReportFormat.Count(scored.Count));
            want["accuracy.mae_ms"] = new Want(Mae("hrvMs"), ReportFormat.Ms(Mae("hrvMs")));
            want["accuracy.persistence_mae_ms"] = new Want(Mae("persistenceMs"), ReportFormat.Ms(Mae("persistenceMs")));
            want["accuracy.mean7_mae_ms"] = new Want(Mae("mean7Ms"), ReportFormat.Ms(Mae("mean7Ms")));
            var inside = scored.Where(r => r.GetProperty("lower80").ValueKind == JsonValueKind.Number).ToList();
            var coverage = inside.Count(r => r.GetProperty("actualMs").GetDouble() is var a && a >= r.GetProperty("lower80").GetDouble() && a <= r.GetProperty("upper80").GetDouble()) * 100.0 / inside.Count;
            want["accuracy.coverage80_pct"] = new Want(coverage, ReportFormat.Pct(coverage));
        }

        return want;
    }

    [GeneratedRegex("<data value=\"(?<value>[^\"]*)\" data-key=\"(?<key>[^\"]*)\">(?<text>[^<]*)</data>")]
    private static partial Regex Data();

    [GeneratedRegex("<span class=\"api-text\" data-key=\"(?<key>[^\"]*)\">(?<text>[^<]*)</span>")]
    private static partial Regex Text();

    [GeneratedRegex("<p class=\"narrative\"[^>]*>(?<text>[^<]*)</p>")]
    private static partial Regex Narrative();

    [GeneratedRegex("<svg.*?</svg>", RegexOptions.Singleline)]
    private static partial Regex Svg();

    [GeneratedRegex("<style>.*?</style>", RegexOptions.Singleline)]
    private static partial Regex Style();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}( \d{2}:\d{2})?|\d{4}-W\d{2}|\b(Mon|Sun) \d{1,2} [A-Z][a-z]{2}( \d{4})?")]
    private static partial Regex Dates();

    [GeneratedRegex(@"\d+(\.\d+)?")]
    private static partial Regex Number();
}
