using Bio.Core.Analytics;
using Bio.Core.Forecasting;
using Bio.Core.Lake;
using Bio.Core.Reports;
using Bio.Core.Users;

namespace Bio.Silo.Users;

/// <summary>A person's weekly reports and the narration of reports and forecasts.</summary>
public sealed partial class UserGrain
{
    public Task<StoredReport> GenerateReportAsync(DateOnly weekEnding, string trigger)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        return ExclusiveAsync(async () => await GenerateReportCoreAsync(await ProfileAsync(), weekEnding, trigger));
    }

    private async Task<StoredReport> GenerateReportCoreAsync(UserProfile profile, DateOnly weekEnding, string trigger)
    {
        WeeklyReports.CheckWeekEnding(weekEnding);
        // Forecasts whose morning has come are scored first (cheap when none is due): a report written
        // by the Monday reminder before the day's forecasting cycle would otherwise miss the week's last.
        await RunForecastCycleAsync();
        var current = await SnapshotAsync();
        var weekly = current.Rows(LakeTables.WeeklyTrends);
        var log = cache.ForecastLog!;
        var journal = current.Rows(LakeTables.Journal);
        var feedback = current.Rows(LakeTables.Feedback);
        // In the week a month closes, the journal's effects over every morning up to the month's last day.
        var effects = WeeklyReports.MonthClosing(weekEnding) is { } monthEnd
            ? Bio.Core.Journal.JournalEffects.Compute(await SilverAsync(), current.Analysis, null, monthEnd)
            : null;
        var report = await Task.Run(() => WeeklyReports.Build(current.Analysis, weekly, log, weekEnding, profile.DisplayName, time.GetUtcNow(), trigger, journal, feedback, effects));
        report = report with { NextWeekPlan = await NextWeekPlanAsync(current, profile, weekEnding) };
        if (await NarrateAsync((chat, ct) => ReportNarrator.WriteAsync(chat, report, ct)) is { } written)
        {
            report = report with { Narrative = written, NarrativeBy = ReportNarrator.ChatModel };
        }

        var stored = new StoredReport(report, ReportHtml.Render(report));
        await reports.SaveAsync(Id, stored);
        return stored;
    }

    /// <summary>The plan from the Monday after <paramref name="weekEnding"/>, or null without recent data for it.</summary>
    private async Task<IReadOnlyList<Bio.Core.Plans.PlanDay>?> NextWeekPlanAsync(LakeSnapshot current, UserProfile profile, DateOnly weekEnding)
    {
        var silver = await SilverAsync();
        var (version, now) = (state.State.LakeVersion, time.GetUtcNow());
        try
        {
            return (await Task.Run(() => Bio.Core.Plans.Planner.Build(current.Analysis, silver, weekEnding.AddDays(1), now, version, profile.Body, Bio.Core.Plans.PlanPolicies.Served))).Days;
        }
        catch (NoDataException)
        {
            return null;
        }
    }

    /// <summary>
    /// The chat model's text from <paramref name="write"/>, or null without a model, when it fails or
    /// takes over 20 s, or when the writer refused its text: the templated narrative then stands.
    /// </summary>
    private async Task<string?> NarrateAsync(Func<Microsoft.Extensions.AI.IChatClient, CancellationToken, Task<string?>> write)
    {
        if (chatModel.Client is not { } chat)
        {
            return null;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            return await write(chat, timeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or InvalidOperationException or System.ClientModel.ClientResultException)
        {
            return null;
        }
    }

    public Task<StoredReport?> GetReportAsync(DateOnly weekEnding) => reports.ReadAsync(Id, weekEnding);

    public Task<IReadOnlyList<ReportInfo>> GetReportsAsync() => reports.ListAsync(Id);
}
