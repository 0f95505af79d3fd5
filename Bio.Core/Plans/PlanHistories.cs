using System.Globalization;
using Bio.Core.Analytics;

namespace Bio.Core.Plans;

/// <summary>
/// Every issued plan against what was done: each past day under the plan in force that day (the latest
/// plan issued for a week that holds it), the day's done load classified by that plan's own session loads
/// (<see cref="SessionLoads.Classify"/>), and adherence per ISO week.
/// </summary>
public static class PlanHistories
{
    public const string KeptRule =
        "A day is kept when what was done amounts to the planned session: the day's load, classified by the plan's own session loads " +
        "(the nearest target, halfway between two; under half the easy target is rest). Only days up to your latest data count.";

    /// <param name="issued">The issued plans, oldest first.</param>
    public static PlanHistory Build(IReadOnlyList<TrainingPlan> issued, AnalysisResult analysis, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(issued);
        ArgumentNullException.ThrowIfNull(analysis);
        var series = analysis.Series;
        var days = new List<PlannedVsDone>();
        if (issued.Count > 0 && series.Length > 0)
        {
            var dayLoad = TrainingLoad.DayLoads(series, analysis.WorkoutLoads.Concat(analysis.StrainLoads));
            var last = today.AddDays(-1) < series.Last ? today.AddDays(-1) : series.Last;
            for (var date = issued.Min(p => p.From); date <= last; date = date.AddDays(1))
            {
                var plan = issued.LastOrDefault(p => p.From <= date && date < p.From.AddDays(p.Days.Count));
                if (plan is null || date < series.First)
                {
                    continue;
                }

                var planned = plan.Days[date.DayNumber - plan.From.DayNumber];
                var load = dayLoad[series.Index(date)];
                var done = plan.Loads.Classify(load);
                var disciplines = series.Workouts.Where(w => w.LocalDate == date).Select(w => w.Discipline).Distinct().ToList();
                days.Add(new PlannedVsDone(date, planned.Session, planned.TargetLoad, planned.Discipline, plan.IssuedAt, done, Math.Round(load, 1), disciplines, done == planned.Session));
            }
        }

        var weeks = days
            .GroupBy(d => d.Date.AddDays(-(((int)d.Date.DayOfWeek + 6) % 7)))
            .Select(g => new PlanWeek(g.Key, g.Count(), g.Count(d => d.Kept), Math.Round(100.0 * g.Count(d => d.Kept) / g.Count(), 1),
                Math.Round(g.Sum(d => d.PlannedLoad), 1), Math.Round(g.Sum(d => d.DoneLoad), 1)))
            .OrderByDescending(w => w.Monday)
            .ToList();
        return new PlanHistory([.. issued.Reverse()], [.. days.OrderByDescending(d => d.Date)], weeks, KeptRule);
    }

    /// <summary>The ISO week's Monday of <paramref name="date"/>, as text for the page.</summary>
    public static string WeekLabel(DateOnly monday) => monday.ToString("d MMM yyyy", CultureInfo.InvariantCulture);
}
