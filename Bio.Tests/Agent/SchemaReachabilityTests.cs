using System.Globalization;
using System.Text.Json;
using Bio.Core.Agent;

namespace Bio.Tests.Agent;

/// <summary>
/// Generated from the sandbox's schema: every numeric column of every table with a row per day, workout or
/// week (<see cref="SchemaVocabulary.Tables"/>) is reachable by a question in words, and the answer is the
/// direct query's average of that column over all of the person's data.
/// </summary>
[Collection(AgentCollection.Name)]
public sealed class SchemaReachabilityTests(AgentFixture fixture, ITestOutputHelper output)
{
    public static TheoryData<string> Tables() => [.. SchemaVocabulary.Tables.Select(t => t.Table)];

    [Theory]
    [MemberData(nameof(Tables))]
    public async Task EveryNumericColumnIsAskedInWordsAndAnsweredAsTheDirectQuery(string table)
    {
        var (_, _, dateColumn) = SchemaVocabulary.Tables.Single(t => t.Table == table);
        // The columns as the sandbox has them (not as the vocabulary thinks they are).
        var shape = await fixture.QueryAsync($"SELECT * FROM {table} LIMIT 0");
        var numeric = shape.GetProperty("columns").EnumerateArray()
            .Where(c => c.GetProperty("type").GetString() is "DOUBLE" or "INTEGER" or "BIGINT" or "FLOAT")
            .Select(c => c.GetProperty("name").GetString()!)
            .Where(c => $"{table}.{c}" != "workouts.offset_minutes")
            .ToList();
        Assert.NotEmpty(numeric);
        var failures = new List<string>();
        foreach (var column in numeric)
        {
            var metric = SchemaVocabulary.For(table, column);
            if (metric is null)
            {
                failures.Add($"{table}.{column}: no measure reads it");
                continue;
            }

            var question = $"what was my average {metric.Words[0]}";
            var answer = await fixture.Agent().AskAsync(question, null);
            var direct = (await fixture.QueryAsync($"SELECT avg({metric.Expression}) FROM {table} WHERE {dateColumn} <= DATE '{AgentFixture.LastDay:yyyy-MM-dd}'"))
                .GetProperty("rows")[0][0];
            if (direct.ValueKind == JsonValueKind.Null)
            {
                // No value at all for this person: the honest answer is that there is none.
                if (answer.Kind == AnswerKinds.Answered)
                {
                    failures.Add($"{table}.{column} (\"{question}\"): the column is empty, yet answered: {answer.Answer}");
                }

                continue;
            }

            var expected = direct.GetDouble();
            var tolerance = 0.5 * Math.Pow(10, -metric.Decimals) + 1e-9;
            var numbers = QuestionBenchmarkTests.NumbersIn(answer.Answer);
            var ok = answer.Kind == AnswerKinds.Answered && numbers.Any(n => Math.Abs(n - expected) <= tolerance);
            output.WriteLine($"{(ok ? "ok  " : "FAIL")} {table}.{column} \"{question}\" expected {expected.ToString("0.####", CultureInfo.InvariantCulture)}: {answer.Answer}");
            if (!ok)
            {
                failures.Add($"{table}.{column} (\"{question}\") expected {expected.ToString("0.####", CultureInfo.InvariantCulture)}: [{answer.Kind}] {answer.Answer}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    public static TheoryData<string> SummaryViews() => [.. SchemaVocabulary.SummaryViews];

    [Theory]
    [MemberData(nameof(SummaryViews))]
    public async Task EverySummaryViewIsAskedByItsNameAndAnsweredWithEveryColumnOfTheDirectQuery(string view)
    {
        var direct = await fixture.QueryAsync($"SELECT * FROM {view}");
        Assert.True(direct.GetProperty("rows").GetArrayLength() > 0, $"the fixture person has no {view} rows");
        var answer = await fixture.Agent().AskAsync($"show me my {view.Replace('_', ' ')}", null);
        Assert.Equal(AnswerKinds.Answered, answer.Kind);
        Assert.Equal(
            direct.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()),
            answer.Columns.Select(c => c.Name));
        Assert.Equal(direct.GetProperty("rows").GetRawText(), JsonDocument.Parse(answer.RowsJson).RootElement.GetRawText());
    }
}
