using Bio.Core.Analytics;

namespace Bio.Core.Reports;

/// <summary>One ISO week's means and totals, as the <c>weekly_trends</c> gold view has them.</summary>
[GenerateSerializer, Immutable, Alias("bio.ReportWeek")]
public sealed record ReportWeek(
    [property: Id(0)] string Week,
    [property: Id(1)] DateOnly WeekStart,
    [property: Id(2)] int DaysWithData,
    [property: Id(3)] double? HrvMean,
    [property: Id(4)] double? RhrMean,
    [property: Id(5)] double? SleepScoreMean,
    [property: Id(6)] double? ReadinessMean,
    [property: Id(7)] int Workouts,
    [property: Id(8)] double WorkoutMinutes,
    [property: Id(9)] double? HrvChangePct)
{
    /// <summary>The days of the week with a device readiness score (Oura's), behind <see cref="ReadinessMean"/>.</summary>
    [Id(10)]
    public int ReadinessDays { get; init; }

    /// <summary>The week's mean WHOOP recovery (%), never mixed with readiness; null without one.</summary>
    [Id(11)]
    public double? RecoveryMean { get; init; }

    [Id(12)]
    public int RecoveryDays { get; init; }
}

/// <summary>The scored next-day forecasts whose morning fell in the week: the served forecasts' error against the two baselines.</summary>
[GenerateSerializer, Immutable, Alias("bio.ReportAccuracy")]
public sealed record ReportAccuracy(
    [property: Id(0)] int N,
    [property: Id(1)] double? MaeMs,
    [property: Id(2)] double? PersistenceMaeMs,
    [property: Id(3)] double? Mean7MaeMs,
    [property: Id(4)] double? Coverage80,
    [property: Id(5)] IReadOnlyList<string> Methods);

/// <summary>One day of the report's charts: HRV with its normal range, and the load model.</summary>
[GenerateSerializer, Immutable, Alias("bio.ReportDay")]
public sealed record ReportDay(
    [property: Id(0)] DateOnly Date,
    [property: Id(1)] double? HrvMs,
    [property: Id(2)] double? Mean7Ms,
    [property: Id(3)] double? LowerMs,
    [property: Id(4)] double? UpperMs,
    [property: Id(5)] double Fitness,
    [property: Id(6)] double Fatigue,
    [property: Id(7)] double Form);

/// <summary>
/// A person's weekly report for the ISO week <see cref="WeekStart"/>..<see cref="WeekEnding"/> (Monday to
/// Sunday): the week against the three before it, the HRV status, load and risk at the end of the week
/// (<see cref="AsOf"/>, the last day with data in it), the week's anomalies, the five insights over the
/// twelve weeks to its end, the forecasts' accuracy, next week's recommendations and a narrative.
/// </summary>
[GenerateSerializer, Immutable, Alias("bio.WeeklyReport")]
public sealed record WeeklyReport(
    [property: Id(0)] DateOnly WeekStart,
    [property: Id(1)] DateOnly WeekEnding,
    [property: Id(2)] DateTimeOffset GeneratedAt,
    [property: Id(3)] string Trigger,
    [property: Id(4)] string DisplayName,
    [property: Id(5)] IReadOnlyList<ReportWeek> Weeks,
    [property: Id(6)] DateOnly? AsOf,
    [property: Id(7)] HrvStatusDay? Hrv,
    [property: Id(8)] TrainingLoadDay? Load,
    [property: Id(9)] RiskDay? Risk,
    [property: Id(10)] IReadOnlyDictionary<string, int> RiskDays,
    [property: Id(11)] IReadOnlyList<Anomaly> Anomalies,
    [property: Id(12)] DateOnly InsightsFrom,
    [property: Id(13)] IReadOnlyList<Insight> Insights,
    [property: Id(14)] ReportAccuracy Accuracy,
    [property: Id(15)] Recommendation? NextDay,
    [property: Id(16)] IReadOnlyList<string> Recommendations,
    [property: Id(17)] string Narrative,
    [property: Id(18)] string NarrativeBy,
    [property: Id(19)] IReadOnlyList<ReportDay> Days)
{
    /// <summary>The week's journal and ratings; null in reports made before Bio kept them.</summary>
    [Id(20)]
    public ReportJournal? Journal { get; init; }

    /// <summary>
    /// In the week a month closes, the journal's effects over every morning up to that month's last day
    /// (<see cref="Journal.JournalEffects"/>); null in other weeks. (Id 40 leaves room for other sections.)
    /// </summary>
    [Id(40)]
    public Journal.JournalEffectsReport? Effects { get; init; }

    /// <summary>
    /// Next week's plan (<see cref="Plans.Planner"/>, from the Monday after the week, as the rules plan it from the
    /// data); null without recent data to plan from, and in reports made before Bio planned.
    /// </summary>
    [Id(21)]
    public IReadOnlyList<Plans.PlanDay>? NextWeekPlan { get; init; }

    /// <summary>This week's row (the last of <see cref="Weeks"/>), or null when the week has no data.</summary>
    public ReportWeek? ThisWeek => Weeks.Count > 0 && Weeks[^1].WeekStart == WeekStart ? Weeks[^1] : null;
}

/// <summary>One thing the journal recorded in the week: what, and on how many days.</summary>
[GenerateSerializer, Immutable, Alias("bio.ReportJournalCount")]
public sealed record ReportJournalCount(
    [property: Id(0)] string Key,
    [property: Id(1)] string Label,
    [property: Id(2)] int Days);

/// <summary>The week's journal (days each behaviour was recorded) and the person's own ratings (means over the days rated).</summary>
[GenerateSerializer, Immutable, Alias("bio.ReportJournal")]
public sealed record ReportJournal(
    [property: Id(0)] IReadOnlyList<ReportJournalCount> Counts,
    [property: Id(1)] int RatedDays,
    [property: Id(2)] double? EnergyMean,
    [property: Id(3)] double? MoodMean,
    [property: Id(4)] double? ExertionMean)
{
    public bool IsEmpty => Counts.Count == 0 && RatedDays == 0;
}

/// <summary>A weekly report without its charts' day rows and insight charts: what the agent's tool returns.</summary>
public sealed record WeeklyReportSummary(
    DateOnly WeekStart, DateOnly WeekEnding, string Narrative, IReadOnlyList<string> Recommendations, IReadOnlyList<ReportWeek> Weeks,
    string? HrvStatus, string? RiskLevel, IReadOnlyList<string> RiskReasons, IReadOnlyDictionary<string, int> RiskDays,
    IReadOnlyList<string> Anomalies, ReportAccuracy Accuracy, string? NextDayIntensity)
{
    public static WeeklyReportSummary Of(WeeklyReport r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new WeeklyReportSummary(r.WeekStart, r.WeekEnding, r.Narrative, r.Recommendations, r.Weeks, r.Hrv?.Status, r.Risk?.Level,
            r.Risk?.Reasons ?? [], r.RiskDays, [.. r.Anomalies.Select(a => $"{a.Date:yyyy-MM-dd}: {a.Reason}")], r.Accuracy, r.NextDay?.Intensity);
    }
}

/// <summary>A stored report as the list shows it.</summary>
[GenerateSerializer, Immutable, Alias("bio.ReportInfo")]
public sealed record ReportInfo(
    [property: Id(0)] DateOnly WeekEnding,
    [property: Id(1)] DateOnly WeekStart,
    [property: Id(2)] DateTimeOffset GeneratedAt,
    [property: Id(3)] string Trigger);

/// <summary>A generated report: its numbers and its HTML.</summary>
[GenerateSerializer, Immutable, Alias("bio.StoredReport")]
public sealed record StoredReport([property: Id(0)] WeeklyReport Report, [property: Id(1)] string Html);

/// <summary>A report asked for a week that cannot have one; the message says why and what would.</summary>
[GenerateSerializer, Alias("bio.ReportWeekException")]
public sealed class ReportWeekException : Exception
{
    public ReportWeekException() { }

    public ReportWeekException(string message) : base(message) { }

    public ReportWeekException(string message, Exception inner) : base(message, inner) { }
}
