using System.Globalization;
using System.Text.Json;
using Bio.Core.Agent;

namespace Bio.Tests.Agent;

/// <summary>
/// Generated from the sandbox's schema, every column of every table is reachable in words and answered as a
/// direct query: every numeric column of a table with a row per day, workout or week (<see cref="SchemaVocabulary.Tables"/>)
/// by its average over all of the person's data; every column, text and dates included, of every such table
/// (<see cref="SchemaVocabulary.RowTables"/>) by the table's rows on a day; every category column by a count
/// per value; and every summary view whole.
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

    public static TheoryData<string> RowTables() => [.. SchemaVocabulary.RowTables.Select(t => t.Table)];

    [Theory]
    [MemberData(nameof(RowTables))]
    public async Task EveryRowTableIsShownForADayWithEveryColumnOfTheDirectQuery(string name)
    {
        var table = SchemaVocabulary.RowTables.Single(t => t.Table == name);
        var latest = (await fixture.QueryAsync($"SELECT max({table.DateColumn}) FROM {name}")).GetProperty("rows")[0][0];
        Assert.True(latest.ValueKind != JsonValueKind.Null, $"the fixture person has no {name} rows");
        var day = DateOnly.Parse(latest.GetString()!, CultureInfo.InvariantCulture);
        var direct = await fixture.QueryAsync($"SELECT * FROM {name} WHERE {table.DateColumn} = DATE '{day:yyyy-MM-dd}'");
        var question = $"show my {table.Words[0]} table on {day.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}";
        var answer = await fixture.Agent().AskAsync(question, null);
        output.WriteLine($"\"{question}\": [{answer.Kind}] {answer.Answer}");
        Assert.Equal(AnswerKinds.Answered, answer.Kind);
        Assert.Equal(
            direct.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()),
            answer.Columns.Select(c => c.Name));
        Assert.Equal(
            direct.GetProperty("rows").EnumerateArray().Select(r => r.GetRawText()).Order(StringComparer.Ordinal),
            JsonDocument.Parse(answer.RowsJson).RootElement.EnumerateArray().Select(r => r.GetRawText()).Order(StringComparer.Ordinal));
    }

    public static TheoryData<string> Categories() => [.. SchemaVocabulary.Categories.Select(c => $"{c.Table}.{c.Column}")];

    [Theory]
    [MemberData(nameof(Categories))]
    public async Task EveryCategoryColumnIsCountedPerValueAsTheDirectQuery(string topic)
    {
        var category = SchemaVocabulary.Category(topic);
        var table = SchemaVocabulary.RowTables.Single(t => t.Table == category.Table);
        var noun = category.Table switch { "workouts" => "workouts", "journal" => "answers", "feedback" => "ratings", "weekly_trends" => "weeks", "anomalies" => "anomalies", _ => "days" };
        var question = $"how many {noun} per {category.Words[^1]} in my {table.Words[0]}";
        var direct = await fixture.QueryAsync(
            $"SELECT {category.Expression} AS label, count(*) FROM {category.Table} WHERE {category.Expression} IS NOT NULL AND {table.DateColumn} <= DATE '{AgentFixture.LastDay:yyyy-MM-dd}' GROUP BY 1");
        var expected = direct.GetProperty("rows").EnumerateArray().ToDictionary(r => r[0].ToString(), r => r[1].GetInt64());
        Assert.NotEmpty(expected);
        var answer = await fixture.Agent().AskAsync(question, null);
        output.WriteLine($"\"{question}\": [{answer.Kind}] {answer.Answer}");
        Assert.Equal(AnswerKinds.Answered, answer.Kind);
        var count = answer.Columns.Select(c => c.Name).ToList() is var names && names.Contains("count") ? names.IndexOf("count") : names.IndexOf("workouts");
        Assert.True(count > 0, $"no count column in {string.Join(", ", names)}");
        var got = JsonDocument.Parse(answer.RowsJson).RootElement.EnumerateArray().ToDictionary(r => r[0].ToString(), r => r[count].GetInt64());
        Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.Ordinal), got.OrderBy(p => p.Key, StringComparer.Ordinal));
        // Every value is said in the sentence with its count, up to the ten most common.
        foreach (var (label, n) in expected.OrderByDescending(p => p.Value).Take(10))
        {
            Assert.Contains(label, answer.Answer, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AColumnSeveralTablesHaveIsNotCountedWithoutTheTable()
    {
        var answer = await fixture.Agent().AskAsync("how many rows per source", null);
        Assert.Equal(AnswerKinds.CannotAnswer, answer.Kind);
        Assert.Contains("per source", answer.Answer, StringComparison.Ordinal);
        Assert.Contains("journal", answer.Answer, StringComparison.Ordinal);
    }
}
