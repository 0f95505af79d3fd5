using System.Text.Json;
using Bio.Core.Analytics;
using Bio.Core.Lake;
using Bio.Core.Reports;
using Bio.Core.Synthetic;
using Bio.Tests.Infrastructure;

namespace Bio.Tests.Reports;

/// <summary>The report's narrative: templated from its numbers, or a chat model's text that may use only those numbers.</summary>
public sealed class ReportNarratorTests
{
    private static WeeklyReport Report()
    {
        var data = SyntheticPerson.Generate(seed: 11, days: 150, lastDay: new DateOnly(2026, 6, 14));
        var silver = new Silver();
        silver.Merge(data.Batch, data.Batch.Source);
        var analysis = Analysis.Run(DaySeries.FromSilver(silver));
        var weekly = (IReadOnlyList<WeeklyTrendRow>)new LakeSnapshot(silver, analysis).Rows(LakeTables.WeeklyTrends);
        return WeeklyReports.Build(analysis, weekly, [], new DateOnly(2026, 6, 14), "Nia", DateTimeOffset.UnixEpoch, WeeklyReports.OnDemand);
    }

    [Fact]
    public void TheTemplateWritesTheWeeksOwnNumbersAsTheReportShowsThem()
    {
        var r = Report();
        var week = r.ThisWeek!;
        Assert.Equal(7, week.DaysWithData);
        Assert.Contains($"This week your HRV averaged {ReportFormat.Ms(week.HrvMean!.Value)} ms", r.Narrative, StringComparison.Ordinal);
        // The device's score is averaged over the days it scored, named as the device names it.
        Assert.True(week.ReadinessDays is > 0 and <= 7);
        Assert.Contains($"Your device's readiness averaged {ReportFormat.Score(week.ReadinessMean!.Value)} over {week.ReadinessDays} scored day", r.Narrative, StringComparison.Ordinal);
        Assert.Null(week.RecoveryMean);
        Assert.DoesNotContain("recovery", r.Narrative, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(ReportNarrator.Template, r.NarrativeBy);
        Assert.True(Bio.Core.Forecasting.ForecastNarrator.UsesOnlyGivenNumbers(r.Narrative, ReportNarrator.Facts(r)));
    }

    [Fact]
    public async Task AChatModelsNarrativeIsKeptOnlyWhenEveryNumberWasGivenToIt()
    {
        var r = Report();
        var honest = new ScriptedChatClient(messages =>
        {
            var facts = JsonDocument.Parse(messages[^1].Text).RootElement;
            return $"A steady week: HRV averaged {facts.GetProperty("hrv_mean_ms").GetDouble()} ms over {facts.GetProperty("days_with_data").GetInt32()} days. Keep it easy on Monday.";
        });
        var written = await ReportNarrator.WriteAsync(honest, r);
        Assert.NotNull(written);
        Assert.StartsWith("A steady week: HRV averaged", written, StringComparison.Ordinal);
        Assert.Contains("Use only the numbers", honest.Requests[0][0].Text, StringComparison.Ordinal);

        var inventive = new ScriptedChatClient(_ => "Your HRV rose 31.7 % and your VO2max is 58.");
        Assert.Null(await ReportNarrator.WriteAsync(inventive, r));
    }
}
