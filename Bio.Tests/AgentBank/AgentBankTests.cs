using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bio.Tests.Api;
using DuckDB.NET.Data;

namespace Bio.Tests.AgentBank;

/// <summary>
/// The agent scored on the independent question bank (<c>Bio.Tests/AgentBank</c>): each dataset's export
/// uploaded through the API into its own person, the clock at the dataset's "today", every question asked
/// through <c>POST /chat</c> as a new conversation, and each answer judged against the bank's SQL run by
/// DuckDB over the raw files. Right / wrong / refused are printed by split and by dataset and written to
/// <c>artifacts/agent-bank.md</c>. The held-out half must not fall below the levels measured (a ratchet,
/// raised as the agent improves; the goal is 90 % right and at most 2 % wrong). <c>BIO_BANK_SPLIT=dev</c>
/// or <c>all</c> scores the development half too.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed partial class AgentBankTests(ApiFixture api, ITestOutputHelper output)
{
    // The level the held-out half is at now (at most this many wrong, at least this many right, in %).
    private const double HeldRightAtLeast = 90;
    private const double HeldWrongAtMost = 2;

    [Fact]
    public void EveryExpectationRunsOverTheRawFiles()
    {
        var bank = Bank.Load();
        Assert.True(bank.Count >= 400, $"{bank.Count} questions");
        Assert.True(bank.Count(q => q.Expect.Kind == "refuse") >= 40);
        Assert.Equal(bank.Count, bank.Select(q => q.Id).Distinct().Count());
        using var duck = new DuckDBConnection("DataSource=:memory:");
        duck.Open();
        foreach (var q in bank.Where(q => q.Expect.Sql is not null))
        {
            var rows = Bank.Expected(q.Expect.Sql!, duck);
            Assert.True(rows.Count > 0 && rows[0].Any(v => v is not null), $"{q.Id}: the expected query returned nothing");
        }
    }

    [Fact]
    public void TheJudgeReadsNumbersAsAPersonDoes()
    {
        Assert.Equal([7.45, 3], Bank.Numbers("You slept 7 h 27 min on average over 3 nights", "hours").Select(n => Math.Round(n, 2)));
        Assert.Equal([447.0], Bank.Numbers("7 h 27 min on 2024-05-03", "minutes"));
        Assert.Equal([12000.0, 61.5], Bank.Numbers("12,000 steps on 3 May, HRV 61.5 ms", "steps"));
        var q = new BankQuestion("t-1", "t", new DateOnly(2024, 6, 1), "avg hrv?", "average", new BankExpect("number", "", "ms", 1.0, [], []), "held");
        Assert.Equal(Verdict.Right, Bank.Judge(q, [[61.2]], new BankAnswer("answered", "Your average HRV was 61.9 ms.", [])).Verdict);
        Assert.Equal(Verdict.Wrong, Bank.Judge(q, [[61.2]], new BankAnswer("answered", "Your average HRV was 58.0 ms.", [])).Verdict);
        Assert.Equal(Verdict.Refused, Bank.Judge(q, [[61.2]], new BankAnswer("cannot_answer", "I can't answer that.", [])).Verdict);
        var refuse = q with { Expect = new BankExpect("refuse", null, null, 0, ["blood pressure"], []) };
        Assert.Equal(Verdict.Right, Bank.Judge(refuse, [], new BankAnswer("cannot_answer", "Bio has no blood pressure.", [])).Verdict);
        Assert.Equal(Verdict.Wrong, Bank.Judge(refuse, [], new BankAnswer("answered", "120/80", [])).Verdict);
    }

    [Fact]
    public async Task TheHeldOutHalfIsAnsweredAtTheMeasuredLevel()
    {
        var splits = (Environment.GetEnvironmentVariable("BIO_BANK_SPLIT") ?? "held") switch
        {
            "all" => new[] { "dev", "held" },
            var s => [s],
        };
        var bank = Bank.Load().Where(q => splits.Contains(q.Split)).ToList();
        using var duck = new DuckDBConnection("DataSource=:memory:");
        duck.Open();
        var results = new List<(BankQuestion Q, Judgement J, string Answer)>();
        var refusedUploads = new List<string>();
        foreach (var dataset in bank.GroupBy(q => q.Dataset).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var today = dataset.First().Today;
            using var clock = api.Clock.At(new DateTimeOffset(today.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero));
            var (id, key) = await api.CreateUserAsync("Bank " + dataset.Key, "UTC");
            using var client = api.Client(key);
            foreach (var file in Bank.Uploads(dataset.Key))
            {
                using var content = new MultipartFormDataContent { { new ByteArrayContent(await File.ReadAllBytesAsync(file)), "file", Path.GetFileName(file) } };
                using var uploaded = await client.PostAsync($"/api/users/{id}/imports", content);
                if (!uploaded.IsSuccessStatusCode)
                {
                    // A file Bio cannot read is part of the score (its questions go unanswered), not a broken run.
                    var detail = (await uploaded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
                    refusedUploads.Add($"{dataset.Key}: {Path.GetFileName(file)}: {(int)uploaded.StatusCode} {detail}");
                }
            }

            foreach (var q in dataset)
            {
                var expected = q.Expect.Sql is { } sql ? Bank.Expected(sql, duck) : [];
                using var response = await client.PostAsJsonAsync($"/api/users/{id}/chat", new { message = q.Question });
                var body = await response.Content.ReadFromJsonAsync<JsonElement>();
                var answer = response.IsSuccessStatusCode
                    ? new BankAnswer(body.GetProperty("kind").GetString()!, body.GetProperty("answer").GetString()!,
                        body.GetProperty("rows").ValueKind == JsonValueKind.Array
                            ? [.. body.GetProperty("rows").EnumerateArray().Select(r => (IReadOnlyList<JsonElement>)[.. r.EnumerateArray()])]
                            : [])
                    : new BankAnswer("error", body.ToString(), []);
                var rowsShown = answer.Rows.Count == 0 ? "" : " Rows: " + string.Join("; ", answer.Rows.Take(8).Select(r => string.Join(", ", r.Select(c => c.ToString()))));
                results.Add((q, Bank.Judge(q, expected, answer), answer.Text + rowsShown));
            }
        }

        var report = Report(results) + "\nUploads Bio refused:\n" + string.Join("\n", refusedUploads.Select(u => "- " + u)) + "\n";
        output.WriteLine(report);
        var artifacts = Path.Combine(Bank.RepoRoot, "artifacts");
        System.IO.Directory.CreateDirectory(artifacts);
        await File.WriteAllTextAsync(Path.Combine(artifacts, "agent-bank.md"), report);

        // A refusal says what it could not answer: the words, the measure or the period (quoted or named).
        var refusals = results.Where(r => r.J.Verdict == Verdict.Refused || r.Q.Expect.Kind == "refuse" && r.J.Verdict == Verdict.Right).ToList();
        var named = refusals.Count(r => NamesWhat().IsMatch(r.Answer));
        output.WriteLine($"refusals naming what they could not answer: {named} of {refusals.Count}");
        await File.AppendAllTextAsync(Path.Combine(artifacts, "agent-bank.md"), $"\nRefusals naming what they could not answer: {named} of {refusals.Count}\n" +
            string.Concat(refusals.Where(r => !NamesWhat().IsMatch(r.Answer)).Select(r => $"- not named: {r.Q.Id} [{r.Q.Split}] \"{r.Q.Question}\": {r.Answer}\n")));
        Assert.True(named == refusals.Count, $"only {named} of {refusals.Count} refusals name what they could not answer");

        var held = results.Where(r => r.Q.Split == "held").ToList();
        if (splits.Contains("held"))
        {
            var right = 100.0 * held.Count(r => r.J.Verdict == Verdict.Right) / held.Count;
            var wrong = 100.0 * held.Count(r => r.J.Verdict == Verdict.Wrong) / held.Count;
            Assert.True(right >= HeldRightAtLeast, $"held-out right {right:0.0} % < {HeldRightAtLeast} %");
            Assert.True(wrong <= HeldWrongAtMost, $"held-out wrong {wrong:0.0} % > {HeldWrongAtMost} %");
        }
    }

    private static string Report(List<(BankQuestion Q, Judgement J, string Answer)> results)
    {
        var s = new StringBuilder();
        string Line(string name, IEnumerable<(BankQuestion Q, Judgement J, string Answer)> rows)
        {
            var list = rows.ToList();
            int N(Verdict v) => list.Count(r => r.J.Verdict == v);
            string P(Verdict v) => (100.0 * N(v) / Math.Max(1, list.Count)).ToString("0.0", CultureInfo.InvariantCulture);
            return $"| {name} | {list.Count} | {N(Verdict.Right)} ({P(Verdict.Right)} %) | {N(Verdict.Wrong)} ({P(Verdict.Wrong)} %) | {N(Verdict.Refused)} ({P(Verdict.Refused)} %) |";
        }

        s.AppendLine("| split | questions | right | wrong | refused |").AppendLine("|---|---|---|---|---|");
        foreach (var split in results.GroupBy(r => r.Q.Split).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            s.AppendLine(Line(split.Key, split));
        }

        s.AppendLine().AppendLine("| dataset | questions | right | wrong | refused |").AppendLine("|---|---|---|---|---|");
        foreach (var d in results.GroupBy(r => r.Q.Dataset).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            s.AppendLine(Line(d.Key, d));
        }

        s.AppendLine().AppendLine("| intent | questions | right | wrong | refused |").AppendLine("|---|---|---|---|---|");
        foreach (var d in results.GroupBy(r => r.Q.Intent).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            s.AppendLine(Line(d.Key, d));
        }

        s.AppendLine().AppendLine("Wrong answers:");
        foreach (var (q, j, answer) in results.Where(r => r.J.Verdict == Verdict.Wrong))
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"- {q.Id} [{q.Split}] \"{q.Question}\": {j.Why}. Bio: {answer}");
        }

        s.AppendLine().AppendLine("Refused:");
        foreach (var (q, j, answer) in results.Where(r => r.J.Verdict == Verdict.Refused))
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"- {q.Id} [{q.Split}] \"{q.Question}\": {answer}");
        }

        return s.ToString();
    }

    [System.Text.RegularExpressions.GeneratedRegex("\"|did not understand|Bio has no|there (?:is|are) no|has no days|you asked|not a |I can't tell")]
    private static partial System.Text.RegularExpressions.Regex NamesWhat();
}
