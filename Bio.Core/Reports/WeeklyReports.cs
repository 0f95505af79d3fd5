using System.Globalization;
using Bio.Core.Analytics;
using Bio.Core.Forecasting;
using Bio.Core.Lake;

namespace Bio.Core.Reports;

/// <summary>
/// Builds a weekly report from what the API also serves: the <c>weekly_trends</c> gold view, the day's
/// status at the week's end, the week's anomalies and risk levels, the insights over the twelve weeks
/// to its end, and the forecast log. Pure: the same inputs make the same report.
/// </summary>
public static class WeeklyReports
{
    public const string ByReminder = "weekly reminder";
    public const string OnDemand = "on demand";
    public const int InsightWeeks = 12;
    public const int ChartDays = 28;

    /// <summary>Checks that <paramref name="weekEnding"/> ends an ISO week (a Sunday); the message offers the Sunday that would.</summary>
    public static void CheckWeekEnding(DateOnly weekEnding)
    {
        if (weekEnding.DayOfWeek != DayOfWeek.Sunday)
        {
            var sunday = weekEnding.AddDays(((int)DayOfWeek.Sunday - (int)weekEnding.DayOfWeek + 7) % 7);
            throw new ReportWeekException(
                $"{weekEnding:yyyy-MM-dd} is a {weekEnding.DayOfWeek}: a report's week runs Monday to Sunday, so ask for the Sunday it ends on ({sunday:yyyy-MM-dd}).");
        }
    }

    /// <summary>
    /// The last day of a month when it falls in the week ending on <paramref name="weekEnding"/> (that week's
    /// report has the month's journal effects), else null.
    /// </summary>
    public static DateOnly? MonthClosing(DateOnly weekEnding)
    {
        for (var d = weekEnding.AddDays(-6); d <= weekEnding; d = d.AddDays(1))
        {
            if (d.AddDays(1).Day == 1)
            {
                return d;
            }
        }

        return null;
    }

    /// <summary>The last Sunday strictly before <paramref name="today"/>: the week a Monday report covers.</summary>
    public static DateOnly LastCompleteWeekEnding(DateOnly today) =>
        today.AddDays(-(((int)today.DayOfWeek + 6) % 7) - 1);

    public static WeeklyReport Build(
        AnalysisResult analysis, IReadOnlyList<WeeklyTrendRow> weeklyTrends, IReadOnlyList<ForecastLogRow> forecastLog,
        DateOnly weekEnding, string displayName, DateTimeOffset now, string trigger,
        IReadOnlyList<JournalRow>? journal = null, IReadOnlyList<FeedbackRow>? feedback = null, Journal.JournalEffectsReport? effects = null)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(weeklyTrends);
        ArgumentNullException.ThrowIfNull(forecastLog);
        CheckWeekEnding(weekEnding);
        var weekStart = weekEnding.AddDays(-6);
        var series = analysis.Series;
        if (series.Length == 0 || series.First > weekEnding || series.Last < weekStart)
        {
            var span = series.Length == 0 ? "there is no data yet" : $"your data runs from {series.First:yyyy-MM-dd} to {series.Last:yyyy-MM-dd}";
            throw new NoDataException($"There is no data in the week {weekStart:yyyy-MM-dd} to {weekEnding:yyyy-MM-dd}: {span}.");
        }

        var weeks = weeklyTrends.Where(w => w.WeekStart >= weekStart.AddDays(-21) && w.WeekStart <= weekStart)
            .OrderBy(w => w.WeekStart)
            .Select(w => new ReportWeek(w.Week, w.WeekStart, w.DaysWithData, w.HrvMean, w.RhrMean, w.SleepScoreMean, w.ReadinessMean, w.Workouts, w.WorkoutMinutes, w.HrvChangePct)
            {
                ReadinessDays = w.ReadinessDays, RecoveryMean = w.RecoveryMean, RecoveryDays = w.RecoveryDays,
            })
            .ToList();

        var asOf = series.Last < weekEnding ? series.Last : weekEnding;
        var status = asOf >= series.First ? DayStatus.Of(analysis, asOf) : null;
        var riskDays = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            [OvertrainingRisk.Low] = 0, [OvertrainingRisk.Moderate] = 0, [OvertrainingRisk.High] = 0,
        };
        for (var d = weekStart; d <= weekEnding; d = d.AddDays(1))
        {
            if (d >= series.First && d <= series.Last)
            {
                riskDays[analysis.Risk[series.Index(d)].Level]++;
            }
        }

        var anomalies = analysis.Anomalies.Where(a => a.Date >= weekStart && a.Date <= weekEnding).ToList();
        var insightsFrom = weekEnding.AddDays(-(7 * InsightWeeks) + 1);
        var insights = Insights.Compute(analysis, insightsFrom, weekEnding);
        var accuracy = Accuracy(forecastLog, weekStart, weekEnding);
        var days = new List<ReportDay>();
        for (var d = weekEnding.AddDays(-ChartDays + 1); d <= weekEnding; d = d.AddDays(1))
        {
            if (d < series.First || d > series.Last)
            {
                continue;
            }

            var i = series.Index(d);
            var h = analysis.Hrv[i];
            var l = analysis.Load[i];
            days.Add(new ReportDay(d, Exp(h.LnHrv), Exp(h.Mean7), Exp(h.Lower), Exp(h.Upper), l.Fitness, l.Fatigue, l.Form));
        }

        var draft = new WeeklyReport(weekStart, weekEnding, now, trigger, displayName, weeks, status?.Date, status?.Hrv, status?.Load, status?.Risk,
            riskDays, anomalies, insightsFrom, insights, accuracy, status?.Recommendation, [], "", ReportNarrator.Template, days);
        draft = draft with { Recommendations = Recommend(draft), Journal = JournalOf(journal ?? [], feedback ?? [], weekStart, weekEnding), Effects = effects };
        return draft with { Narrative = ReportNarrator.Templated(draft) };
    }

    /// <summary>
    /// The days in the week each journal question was answered yes (typed entries by their feature's
    /// name, a device app's questions as it asked them), and the means of the person's ratings.
    /// </summary>
    public static ReportJournal JournalOf(IReadOnlyList<JournalRow> journal, IReadOnlyList<FeedbackRow> feedback, DateOnly weekStart, DateOnly weekEnding)
    {
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(feedback);
        var typed = Bio.Core.Journal.JournalExtractor.Questions.ToDictionary(kv => kv.Value, kv => kv.Key, StringComparer.Ordinal);
        var counts = journal
            .Where(j => j.Answer == true && j.Date >= weekStart && j.Date <= weekEnding)
            .GroupBy(j => typed.TryGetValue(j.Question, out var key) ? key : j.Question.Trim(), StringComparer.Ordinal)
            .Select(g => new ReportJournalCount(g.Key, Bio.Core.Journal.JournalExtractor.Labels.GetValueOrDefault(g.Key, g.Key), g.Select(j => j.Date).Distinct().Count()))
            .OrderByDescending(c => c.Days).ThenBy(c => c.Label, StringComparer.Ordinal)
            .ToList();
        var rated = feedback.Where(f => f.Date >= weekStart && f.Date <= weekEnding).ToList();
        static double? Mean(IEnumerable<int?> values) => values.Where(v => v is not null).Select(v => (double)v!.Value).DefaultIfEmpty(double.NaN).Average() is var m && double.IsNaN(m) ? null : m;
        return new ReportJournal(counts, rated.Select(f => f.Date).Distinct().Count(), Mean(rated.Select(f => f.Energy)), Mean(rated.Select(f => f.Mood)), Mean(rated.Select(f => f.Exertion)));
    }

    /// <summary>Next-day forecasts (horizon 1) whose morning fell in the week and has an actual.</summary>
    public static ReportAccuracy Accuracy(IReadOnlyList<ForecastLogRow> log, DateOnly weekStart, DateOnly weekEnding)
    {
        ArgumentNullException.ThrowIfNull(log);
        var scored = log.Where(r => r.Horizon == 1 && r.ActualMs is not null && r.Target >= weekStart && r.Target <= weekEnding).ToList();
        if (scored.Count == 0)
        {
            return new ReportAccuracy(0, null, null, null, null, []);
        }

        var withInterval = scored.Where(r => r.Lower80 is not null && r.Upper80 is not null).ToList();
        return new ReportAccuracy(
            scored.Count,
            scored.Average(r => Math.Abs(r.HrvMs - r.ActualMs!.Value)),
            scored.Average(r => Math.Abs(r.PersistenceMs - r.ActualMs!.Value)),
            scored.Average(r => Math.Abs(r.Mean7Ms - r.ActualMs!.Value)),
            withInterval.Count == 0 ? null : withInterval.Count(r => r.ActualMs >= r.Lower80 && r.ActualMs <= r.Upper80) / (double)withInterval.Count,
            [.. scored.Select(r => r.Method).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]);
    }

    /// <summary>
    /// Next week's recommendations, from the state at the week's end, in words (the numbers behind
    /// them are in the report's sections): the risk first, then HRV, form, load and any illness signal.
    /// </summary>
    public static IReadOnlyList<string> Recommend(WeeklyReport r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var list = new List<string>();
        if (r.Risk is { Level: OvertrainingRisk.High })
        {
            list.Add("Make next week a recovery week: your overtraining risk ended the week high. Plan at least two rest days and no hard sessions until it comes down.");
        }
        else if (r.Risk is { Level: OvertrainingRisk.Moderate })
        {
            list.Add("Hold next week's training load at or below this week's: one overtraining rule fired at the end of the week.");
        }

        switch (r.Hrv?.Status)
        {
            case HrvStatus.Below:
                list.Add("Your HRV's 7-day mean ended the week below your normal range: favour easy sessions and sleep until it is back within range.");
                break;
            case HrvStatus.Within or HrvStatus.Above when r.Risk is { Level: OvertrainingRisk.Low }:
                list.Add("Your HRV is within or above your normal range and the risk is low: you can keep your plan, with hard sessions on the mornings your readiness is high.");
                break;
            case HrvStatus.Insufficient or null:
                list.Add("Wear your device every night next week: Bio needs at least 3 HRV readings a week to judge your HRV against your normal range.");
                break;
        }

        if (r.Load is { } load)
        {
            if (load.Form < -30)
            {
                list.Add("Your form is deep in the red (fatigue well above fitness): schedule lighter days before adding load.");
            }
            else if (load.Form > 5 && r.Risk is { Level: OvertrainingRisk.Low })
            {
                list.Add("You are fresh (fitness above fatigue): a good week for one or two harder sessions.");
            }

            if (load.Acwr is > 1.5)
            {
                list.Add("This week's load rose sharply against your usual: keep next week's increase small.");
            }
        }

        if (r.Anomalies.Any(a => a.Kind == "illness_signal"))
        {
            list.Add("Bio saw an early illness signal this week: take it easy until your resting HR and HRV settle.");
        }

        return list;
    }

    private static double? Exp(double? ln) => ln is { } v ? Math.Exp(v) : null;

    internal static string Day(DateOnly d) => d.ToString("ddd d MMM", CultureInfo.InvariantCulture);
}
