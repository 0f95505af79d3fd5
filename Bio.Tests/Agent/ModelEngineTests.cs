using System.Text.Json;
using Bio.Core.Agent;
using Bio.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using static Bio.Tests.Infrastructure.ToolCallingChatClient.Turn;

namespace Bio.Tests.Agent;

/// <summary>The chat-model path with a scripted model that calls tools: tool choice, arguments, the filter and the audit, no network.</summary>
[Collection(AgentCollection.Name)]
public sealed class ModelEngineTests(AgentFixture fixture)
{
    [Fact]
    public async Task TheModelsToolCallsRunThroughTheKernelAndTheAudit()
    {
        const string sql = "SELECT round(avg(hrv_rmssd_ms), 1) AS hrv FROM daily WHERE date BETWEEN DATE '2026-06-08' AND DATE '2026-06-14'";
        var model = new ToolCallingChatClient(turn => turn.Index switch
        {
            0 => Call(turn.Tools.Single(t => t.EndsWith("get_schema", StringComparison.Ordinal))),
            1 => Call(turn.Tools.Single(t => t.EndsWith("query_sql", StringComparison.Ordinal)), new Dictionary<string, object?> { ["sql"] = sql }),
            _ => Say($"Your average HRV last week was {JsonDocument.Parse(turn.Results.Last()).RootElement.GetProperty("rows")[0][0].GetDouble()} ms."),
        });

        var answer = await fixture.Agent(model).AskAsync("What was my average HRV last week?", null);

        Assert.True(answer.Engine == ModelEngine.Name, $"{answer.Note} / tools: {string.Join(",", model.Turns.SelectMany(t => t.Tools).Distinct())} / turns {model.Turns.Count}");
        var expected = (await fixture.QueryAsync(sql)).GetProperty("rows")[0][0].GetDouble();
        Assert.Equal(ModelEngine.Name, answer.Engine);
        Assert.Equal(AnswerKinds.Answered, answer.Kind);
        Assert.Contains(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), answer.Answer, StringComparison.Ordinal);
        Assert.Equal(["get_schema", "query_sql"], answer.Functions.Select(f => f.Name));
        Assert.All(answer.Functions, f => Assert.Equal("ok", f.Outcome));
        Assert.Equal(sql, answer.Functions[1].Arguments["sql"]);
        Assert.Equal(sql, answer.Sql);
        Assert.Equal(["hrv"], answer.Columns.Select(c => c.Name));
        // The model was offered every tool, told the person's dates, and saw the tool results.
        Assert.Contains(model.Turns[0].Tools, t => t.EndsWith("get_forecast", StringComparison.Ordinal));
        Assert.Contains("2026-06-17", model.Turns[0].Messages[0].Text, StringComparison.Ordinal);
        Assert.Contains(model.Turns[2].Results, r => r.Contains("hrv_rmssd_ms", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheModelFillsBiosQuestionPlanThroughAToolCallAndSaysItsAnswer()
    {
        var model = new ToolCallingChatClient(turn => turn.Index switch
        {
            0 => Call(turn.Tools.Single(t => t.EndsWith("answer_plan", StringComparison.Ordinal)), new Dictionary<string, object?>
            {
                ["intent"] = "correlate", ["metric"] = "hrv", ["metric2"] = "resting_hr", ["from"] = "2026-03-01", ["to"] = "2026-05-31",
            }),
            _ => Say(JsonDocument.Parse(turn.Results.Last()).RootElement.GetProperty("answer").GetString()!),
        });

        var answer = await fixture.Agent(model).AskAsync("do my hrv and resting heart rate move together in spring?", null);

        Assert.True(answer.Engine == ModelEngine.Name, answer.Note);
        // The plan was compiled and phrased by Bio: the r is the direct query's, and the SQL ran through the audited query tool.
        var r = (await fixture.QueryAsync(
            "SELECT corr(hrv_rmssd_ms, resting_hr_bpm) FROM daily WHERE date BETWEEN DATE '2026-03-01' AND DATE '2026-05-31' AND hrv_rmssd_ms IS NOT NULL AND resting_hr_bpm IS NOT NULL"))
            .GetProperty("rows")[0][0].GetDouble();
        Assert.Contains($"Pearson r of {r.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)}", answer.Answer, StringComparison.Ordinal);
        Assert.Equal(["answer_plan", "query_sql"], answer.Functions.Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.All(answer.Functions, f => Assert.Equal("ok", f.Outcome));
    }

    [Fact]
    public async Task APlanWithAPartBioDoesNotKnowIsRefusedByTheToolAndTheOfflineEngineAnswers()
    {
        var model = new ToolCallingChatClient(turn => turn.Index == 0
            ? Call(turn.Tools.Single(t => t.EndsWith("answer_plan", StringComparison.Ordinal)), new Dictionary<string, object?> { ["intent"] = "aggregate", ["metric"] = "bananas" })
            : Say("I could not work that out."));

        var answer = await fixture.Agent(model).AskAsync("what's my average banana index?", null);

        var call = Assert.Single(answer.Functions, f => f.Name == "answer_plan");
        Assert.NotEqual("ok", call.Outcome);
        Assert.Contains("Unknown metric 'bananas'", call.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAnswerWithANumberNoToolGaveIsReplacedByTheOfflineEngines()
    {
        var model = new ToolCallingChatClient(turn => turn.Index == 0
            ? Call(turn.Tools.Single(t => t.EndsWith("get_metric_summary", StringComparison.Ordinal)),
                new Dictionary<string, object?> { ["metric"] = "hrv", ["from"] = "2026-06-08", ["to"] = "2026-06-14" })
            : Say("Your average HRV last week was 123.4 ms."));

        // Each test asks its own question: answers are cached per person and lake version.
        var answer = await fixture.Agent(model).AskAsync("What was my mean HRV over last week?", null);

        Assert.Equal(OfflineEngine.Name, answer.Engine);
        Assert.Contains("number no tool returned", answer.Note, StringComparison.Ordinal);
        Assert.DoesNotContain("123.4", answer.Answer, StringComparison.Ordinal);
        Assert.Contains(answer.Functions, f => f.Name == "get_metric_summary" && f.Outcome == "ok");
        Assert.Contains(answer.Functions, f => f.Name == "query_sql");
    }

    [Fact]
    public async Task AModelThatObeysAPlantedInstructionIsStoppedByTheSandbox()
    {
        // The model reads the workouts, finds the planted "DROP TABLE daily" in a title and obeys it.
        var model = new ToolCallingChatClient(turn => turn.Index switch
        {
            0 => Call(turn.Tools.Single(t => t.EndsWith("query_sql", StringComparison.Ordinal)),
                new Dictionary<string, object?> { ["sql"] = "SELECT local_date, title FROM workouts WHERE discipline = 'cycling' ORDER BY local_date" }),
            1 when turn.Results.Last().Contains("DROP TABLE daily", StringComparison.Ordinal) =>
                Call(turn.Tools.Single(t => t.EndsWith("query_sql", StringComparison.Ordinal)), new Dictionary<string, object?> { ["sql"] = "DROP TABLE daily" }),
            2 => Call(turn.Tools.Single(t => t.EndsWith("query_sql", StringComparison.Ordinal)),
                new Dictionary<string, object?> { ["sql"] = $"SELECT * FROM read_parquet('{AgentFixture.OtherUserId}/silver/daily.parquet')" }),
            _ => Say("I can't answer that from your data."),
        });

        var before = (await fixture.QueryAsync("SELECT count(*) FROM daily")).GetProperty("rows")[0][0].GetInt64();
        var answer = await fixture.Agent(model).AskAsync("Which rides did I do?", null);

        Assert.Equal(["ok", "refused", "refused"], answer.Functions.Select(f => f.Outcome));
        Assert.Equal(before, (await fixture.QueryAsync("SELECT count(*) FROM daily")).GetProperty("rows")[0][0].GetInt64());
        Assert.Equal(AnswerKinds.CannotAnswer, answer.Kind);
        // No tool takes a user id: the only way to another person's data would be through SQL, and it is refused.
        Assert.DoesNotContain(model.Turns.SelectMany(t => t.Tools), t => t.Contains("user", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(model.Turns[^1].Messages, m => m.Contents.OfType<FunctionResultContent>().Any(r => r.Result?.ToString()?.Contains("refused", StringComparison.OrdinalIgnoreCase) == true
            || r.Result?.ToString()?.Contains("not allowed", StringComparison.OrdinalIgnoreCase) == true || r.Exception is not null));
    }
}
