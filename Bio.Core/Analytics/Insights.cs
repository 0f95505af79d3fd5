using System.Globalization;

namespace Bio.Core.Analytics;

/// <summary>
/// A point of a chart: a number on x (scatter) or a label (dates, categories), and y. In a "band"
/// series the band runs from <see cref="Low"/> up to <see cref="Y"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("bio.ChartPoint")]
public sealed record ChartPoint([property: Id(0)] double? X, [property: Id(1)] string? Label, [property: Id(2)] double Y, [property: Id(3)] double? Low = null);

/// <summary>
/// One series of a chart, drawn as "points", a "line", "bar"s or a "band" (a shaded range). A series of a
/// measure names it (<see cref="Charts.MeasureColours"/>: a silver column such as "hrv_rmssd_ms", or one
/// of Bio's own such as "fitness"), and takes that measure's colour on every page.
/// </summary>
[GenerateSerializer, Immutable, Alias("bio.ChartSeries")]
public sealed record ChartSeries([property: Id(0)] string Name, [property: Id(1)] string Kind, [property: Id(2)] IReadOnlyList<ChartPoint> Points, [property: Id(3)] string? Measure = null);

/// <summary>What to draw: a chart kind with its title and labelled axes (units in the labels).</summary>
[GenerateSerializer, Immutable, Alias("bio.ChartSpec")]
public sealed record ChartSpec(
    [property: Id(0)] string Kind,
    [property: Id(1)] string Title,
    [property: Id(2)] string XLabel,
    [property: Id(3)] string YLabel,
    [property: Id(4)] IReadOnlyList<ChartSeries> Series);

/// <summary>One two-group comparison inside an insight (Mann-Whitney U, two-sided).</summary>
[GenerateSerializer, Immutable, Alias("bio.InsightComparison")]
public sealed record InsightComparison(
    [property: Id(0)] string Group,
    [property: Id(1)] string Against,
    [property: Id(2)] int N1,
    [property: Id(3)] int N2,
    [property: Id(4)] double Median1,
    [property: Id(5)] double Median2,
    [property: Id(6)] double U,
    [property: Id(7)] double P,
    [property: Id(8)] double PAdjusted,
    [property: Id(9)] double RankBiserial);

/// <summary>
/// One signature insight: analysed (the test, n, the statistic, p and the effect), visualised (a chart
/// spec) and narrated. Status is "ok" or "insufficient data" (below the minimum n, Bio does not conclude).
/// </summary>
[GenerateSerializer, Immutable, Alias("bio.Insight")]
public sealed record Insight(
    [property: Id(0)] string Id,
    [property: Id(1)] string Title,
    [property: Id(2)] string Status,
    [property: Id(3)] int N,
    [property: Id(4)] int MinN,
    [property: Id(5)] string Test,
    [property: Id(6)] double? Statistic,
    [property: Id(7)] double? P,
    [property: Id(8)] double? Effect,
    [property: Id(9)] string? EffectName,
    [property: Id(10)] string Narrative,
    [property: Id(11)] ChartSpec Chart,
    [property: Id(12)] IReadOnlyList<InsightComparison> Comparisons);

/// <summary>
/// The five signature insights (DESIGN §6), each Analyze → Visualize → Narrate over a date range:
/// <list type="number">
/// <item>sleep → next-day readiness: a night's sleep against the readiness of the morning after it (silver
/// dates both by that morning), Pearson r and p, and a least-squares line (scipy.stats.pearsonr,
/// linregress); sleep hours stand in for a device sleep score when there is none;</item>
/// <item>workout type → next-day readiness: each discipline against the other workout days, Mann-Whitney
/// U two-sided with the rank-biserial effect, p adjusted for the number of disciplines (Bonferroni);</item>
/// <item>readiness trend: 7- and 14-day moving averages and the slope of a regression of the 14-day
/// average on time (consecutive averages overlap, so its p is optimistic, and the narrative says so);</item>
/// <item>anomaly timeline: the flagged days, and whether the morning after a flagged day is lower than
/// after an unflagged one (Mann-Whitney U);</item>
/// <item>intensity impact: next-day readiness after high- versus low-output days, split at the person's
/// median output (training load where output covers fewer than 80 % of workout days), Mann-Whitney U.</item>
/// </list>
/// Every insight reports n and p, refuses to conclude below its minimum n, and calls what it finds an
/// association, not causation. "Readiness" is the device's score where there is one, else Bio's.
/// </summary>
public static class Insights
{
    public const string Ok = "ok";
    public const string Insufficient = "insufficient data";
    public const double Alpha = 0.05;
    public const string Caveat = "This is an association, not causation.";
    public const int MinPairs = 14;
    public const int MinGroup = 8;

    public static IReadOnlyList<Insight> Compute(AnalysisResult a, DateOnly? from = null, DateOnly? to = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        var s = a.Series;
        var lo = s.Length == 0 ? 0 : Math.Max(0, from is { } f ? s.Index(f) : 0);
        var hi = s.Length == 0 ? -1 : Math.Min(s.Length - 1, to is { } t ? s.Index(t) : s.Length - 1);
        var range = new Range(lo, hi);
        return [SleepToReadiness(a, range), WorkoutType(a, range), ReadinessTrend(a, range), AnomalyTimeline(a, range), IntensityImpact(a, range)];
    }

    private readonly record struct Range(int Lo, int Hi)
    {
        public IEnumerable<int> Days => Hi < Lo ? [] : Enumerable.Range(Lo, Hi - Lo + 1);
    }

    private static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>A signed number, "+1.2" or "-0.4", and "0.0" for what rounds to zero.</summary>
    private static string Signed(double v)
    {
        var rounded = Math.Round(v, 1, MidpointRounding.AwayFromZero);
        return rounded == 0 ? "0.0" : F(rounded, "+0.0;-0.0");
    }

    /// <summary>A p-value as a sentence writes it: "p < 0.001" or "p = 0.042" (never "p = < 0.001").</summary>
    public static string PText(double p) => p < 0.001 ? "p < 0.001" : $"p = {F(p, "0.000")}";

    private static string Chance(double p) => p < Alpha ? "unlikely to be chance alone" : "could well be chance";

    private static Insight NotYet(string id, string title, int n, int minN, string test, string what, ChartSpec chart) =>
        new(id, title, Insufficient, n, minN, test, null, null, null, null,
            $"Not enough data yet: {what} ({n} so far, at least {minN} needed). Bio will not draw a conclusion from fewer.", chart, []);

    private static Insight SleepToReadiness(AnalysisResult a, Range range)
    {
        const string id = "sleep_readiness", title = "Sleep and next-day readiness";
        var s = a.Series;
        // Silver dates a night by the morning it ends, so the night's sleep and the readiness of the
        // morning after it share a date.
        var days = range.Days.Where(i => a.EffectiveReadiness(i) is not null).ToList();
        var byScore = days.Where(i => s.SleepScore[i] is not null).Select(i => (X: s.SleepScore[i]!.Value, Y: a.EffectiveReadiness(i)!.Value, i)).ToList();
        var byHours = days.Where(i => s.SleepMinutes[i] is not null).Select(i => (X: s.SleepMinutes[i]!.Value / 60, Y: a.EffectiveReadiness(i)!.Value, i)).ToList();
        var useScore = byScore.Count >= MinPairs || byScore.Count >= byHours.Count;
        var pairs = useScore ? byScore : byHours;
        var xLabel = useScore ? "sleep score (0-100)" : "sleep (h)";
        var points = pairs.Select(p => new ChartPoint(p.X, s.Date(p.i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), p.Y)).ToList();
        var chart = new ChartSpec("scatter", "Sleep against the next morning's readiness", xLabel, "next-day readiness (0-100)", [new ChartSeries("nights", "points", points)]);
        const string test = "Pearson correlation and least-squares line (scipy.stats.pearsonr, linregress)";
        if (pairs.Count < MinPairs || pairs.Select(p => p.X).Distinct().Count() < 2 || pairs.Select(p => p.Y).Distinct().Count() < 2)
        {
            return NotYet(id, title, pairs.Count, MinPairs, test, "nights with sleep and a readiness the next morning", chart);
        }

        var x = pairs.Select(p => p.X).ToList();
        var y = pairs.Select(p => p.Y).ToList();
        var r = Stats.Pearson(x, y);
        var fit = Stats.Linregress(x, y);
        var (x0, x1) = (x.Min(), x.Max());
        chart = chart with { Series = [.. chart.Series, new ChartSeries("linear fit", "line", [new ChartPoint(x0, null, fit.Intercept + fit.Slope * x0), new ChartPoint(x1, null, fit.Intercept + fit.Slope * x1)])] };
        var step = useScore ? 10 : 1;
        var unit = useScore ? "10 points more sleep score" : "an hour more sleep";
        var narrative = $"Across {r.N} nights, {unit} went with {Signed(fit.Slope * step)} points of readiness the next morning " +
                        $"(r = {F(r.R, "0.00")}, {PText(r.P)}, n = {r.N}): {Chance(r.P)}. {Caveat}";
        return new Insight(id, title, Ok, r.N, MinPairs, test, r.R, r.P, fit.Slope, $"slope (readiness points per {(useScore ? "sleep-score point" : "hour")})", narrative, chart, []);
    }

    private static Insight WorkoutType(AnalysisResult a, Range range)
    {
        const string id = "workout_type_recovery", title = "Workout type and next-day readiness";
        const string test = "Mann-Whitney U, two-sided, each discipline against the other workout days (Bonferroni-adjusted)";
        var s = a.Series;
        // A day counts for the discipline that carried most of its load.
        var main = s.Workouts.Zip(a.WorkoutLoads, (w, l) => (w.Discipline, l.Load, Index: s.Index(w.LocalDate)))
            .Where(x => x.Index >= range.Lo && x.Index < range.Hi && a.EffectiveReadiness(x.Index + 1) is not null)
            .GroupBy(x => x.Index)
            .Select(g => (Discipline: g.GroupBy(x => x.Discipline).OrderByDescending(d => d.Sum(x => x.Load)).ThenBy(d => d.Key, StringComparer.Ordinal).First().Key,
                Next: a.EffectiveReadiness(g.Key + 1)!.Value))
            .ToList();
        var groups = main.GroupBy(x => x.Discipline).Where(g => g.Count() >= MinGroup).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var chart = new ChartSpec("bar", "Next-day readiness by workout type", "discipline", "median next-day readiness (0-100)",
            [new ChartSeries("median", "bar", [.. main.GroupBy(x => x.Discipline).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new ChartPoint(null, $"{g.Key} (n={g.Count()})", Stats.Median([.. g.Select(x => x.Next)])))])]);
        if (groups.Count < 2)
        {
            return new Insight(id, title, Insufficient, main.Count, MinGroup, test, null, null, null, null,
                $"Not enough data yet: this needs two kinds of workout with at least {MinGroup} days each followed by a readiness, and there " +
                $"{(groups.Count == 1 ? $"is one ({groups[0].Key})" : "are none")} so far. Bio will not draw a conclusion from fewer.", chart, []);
        }

        var comparisons = groups.Select(g =>
        {
            var mine = g.Select(x => x.Next).ToList();
            var others = main.Where(x => x.Discipline != g.Key).Select(x => x.Next).ToList();
            var u = Stats.MannWhitney(mine, others);
            return new InsightComparison(g.Key, "other workout days", mine.Count, others.Count, Stats.Median(mine), Stats.Median(others), u.U, u.P,
                Math.Min(1, u.P * groups.Count), u.RankBiserial);
        }).ToList();
        var best = comparisons.OrderBy(c => c.PAdjusted).ThenByDescending(c => Math.Abs(c.RankBiserial)).First();
        var direction = best.Median1 >= best.Median2 ? "higher" : "lower";
        var narrative = $"After {best.Group} days (n = {best.N1}) your next-morning readiness was {direction} than after other workouts " +
                        $"(median {F(best.Median1, "0")} vs {F(best.Median2, "0")}, U = {F(best.U, "0.#")}, {PText(best.PAdjusted)} adjusted for {groups.Count} disciplines, " +
                        $"rank-biserial r = {F(best.RankBiserial, "0.00")}): {Chance(best.PAdjusted)}. {Caveat}";
        return new Insight(id, title, Ok, main.Count, MinGroup, test, best.U, best.PAdjusted, best.RankBiserial, "rank-biserial r", narrative, chart, comparisons);
    }

    private static Insight ReadinessTrend(AnalysisResult a, Range range)
    {
        const string id = "readiness_trend", title = "Readiness trend";
        const string test = "least-squares slope of the 14-day moving average on time (scipy.stats.linregress)";
        var s = a.Series;
        static double? Trailing(AnalysisResult a, int i, int days, int lo)
        {
            var w = default(WindowStats);
            for (var j = Math.Max(lo, i - days + 1); j <= i; j++)
            {
                if (a.EffectiveReadiness(j) is { } v)
                {
                    w.Add(v);
                }
            }

            return w.Count >= (days + 1) / 2 ? w.Mean : null;
        }

        var daily = new List<ChartPoint>();
        var ma7 = new List<ChartPoint>();
        var ma14 = new List<ChartPoint>();
        foreach (var i in range.Days)
        {
            // x is the date's day number: the dashboard's charts name every day on their axis from it.
            var (label, day) = (s.Date(i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), s.Date(i).DayNumber);
            if (a.EffectiveReadiness(i) is { } v)
            {
                daily.Add(new ChartPoint(day, label, v));
            }

            if (Trailing(a, i, 7, 0) is { } m7)
            {
                ma7.Add(new ChartPoint(day, label, m7));
            }

            if (Trailing(a, i, 14, 0) is { } m14)
            {
                ma14.Add(new ChartPoint(day, label, m14));
            }
        }

        var chart = new ChartSpec("line", "Readiness with 7- and 14-day moving averages", "date", "readiness (0-100)",
            [new ChartSeries("daily", "points", daily), new ChartSeries("7-day average", "line", ma7), new ChartSeries("14-day average", "line", ma14)]);
        if (ma14.Count < MinPairs || ma14.Select(p => p.Y).Distinct().Count() < 2)
        {
            return NotYet(id, title, ma14.Count, MinPairs, test, "days with a 14-day average of readiness", chart);
        }

        var fit = Stats.Linregress([.. ma14.Select(p => p.X!.Value)], [.. ma14.Select(p => p.Y)]);
        var perWeek = fit.Slope * 7;
        // Under half a point a week is little whatever its p-value: a clear but tiny slope is not "steady".
        var way = Math.Abs(perWeek) >= 0.5 ? perWeek > 0 ? "rose" : "fell" : fit.P < 0.05 ? "changed very little" : "held steady";
        var narrative = $"Over these {ma14.Count} days your 14-day average readiness {way} ({Signed(perWeek)} points a week, {PText(fit.P)}, n = {fit.N}; " +
                        $"now {F(ma14[^1].Y, "0")}, 7-day average {F(ma7.Count > 0 ? ma7[^1].Y : ma14[^1].Y, "0")}). Consecutive averages share days, so the p-value is optimistic. {Caveat}";
        return new Insight(id, title, Ok, fit.N, MinPairs, test, fit.Slope, fit.P, perWeek, "change per week (points)", narrative, chart, []);
    }

    private static Insight AnomalyTimeline(AnalysisResult a, Range range)
    {
        const string id = "anomaly_timeline", title = "Anomaly timeline";
        const string test = "Mann-Whitney U, two-sided: next-day readiness after flagged vs unflagged days";
        var s = a.Series;
        var (first, last) = (s.Length == 0 ? DateOnly.MinValue : s.Date(range.Lo), s.Length == 0 ? DateOnly.MinValue : s.Date(Math.Max(range.Lo, range.Hi)));
        var flagged = a.Anomalies.Where(x => x.Date >= first && x.Date <= last && range.Hi >= range.Lo).ToList();
        var chart = new ChartSpec("timeline", "Flagged days", "date", "distance from your baseline (SD or CuSum)",
            [.. flagged.GroupBy(x => x.Kind).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new ChartSeries(Anomalies.Label(g.Key), "points", [.. g.Select(x => new ChartPoint(x.Date.DayNumber, x.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), x.Score))]))]);
        var flaggedDays = flagged.Select(x => s.Index(x.Date)).ToHashSet();
        var after = range.Days.Where(i => i + 1 <= range.Hi && a.EffectiveReadiness(i + 1) is not null).ToList();
        var afterFlag = after.Where(flaggedDays.Contains).Select(i => a.EffectiveReadiness(i + 1)!.Value).ToList();
        var afterCalm = after.Where(i => !flaggedDays.Contains(i)).Select(i => a.EffectiveReadiness(i + 1)!.Value).ToList();
        var counts = string.Join(", ", flagged.GroupBy(x => x.Kind).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Count()} {Anomalies.Label(g.Key)}"));
        var summary = flagged.Count == 0
            ? $"No day was flagged in these {range.Hi - range.Lo + 1} days."
            : $"{flaggedDays.Count} of {range.Hi - range.Lo + 1} days were flagged ({counts}); the latest: {flagged[^1].Reason} on {flagged[^1].Date:yyyy-MM-dd}.";
        if (afterFlag.Count < MinGroup || afterCalm.Count < MinGroup)
        {
            var refusal = NotYet(id, title, afterFlag.Count, MinGroup, test, "flagged days followed by a readiness", chart);
            return refusal with { Narrative = $"{summary} {refusal.Narrative}" };
        }

        var u = Stats.MannWhitney(afterFlag, afterCalm);
        var (m1, m2) = (Stats.Median(afterFlag), Stats.Median(afterCalm));
        var comparison = new InsightComparison("after a flagged day", "after an unflagged day", u.N1, u.N2, m1, m2, u.U, u.P, u.P, u.RankBiserial);
        var narrative = $"{summary} The morning after a flagged day, readiness had a median of {F(m1, "0")} against {F(m2, "0")} otherwise " +
                        $"(U = {F(u.U, "0.#")}, {PText(u.P)}, n = {u.N1} and {u.N2}): {Chance(u.P)}. {Caveat}";
        return new Insight(id, title, Ok, u.N1 + u.N2, MinGroup, test, u.U, u.P, u.RankBiserial, "rank-biserial r", narrative, chart, [comparison]);
    }

    private static Insight IntensityImpact(AnalysisResult a, Range range)
    {
        const string id = "intensity_impact", title = "Hard days and next-day readiness";
        const string test = "Mann-Whitney U, two-sided: next-day readiness after high- vs low-output days (split at your median)";
        var s = a.Series;
        var (measure, effort) = GoldViews.Performance(a);
        var useOutput = measure == "output_kj";
        var days = range.Days.Where(i => i < range.Hi && a.EffectiveReadiness(i + 1) is not null && effort[i] is not null)
            .Select(i => (Effort: effort[i]!.Value, Next: a.EffectiveReadiness(i + 1)!.Value, i)).ToList();
        var what = useOutput ? "output (kJ)" : "training load";
        var chart = new ChartSpec("scatter", $"The day's {what} against the next morning's readiness", $"the day's {what}", "next-day readiness (0-100)",
            [new ChartSeries("workout days", "points", [.. days.Select(d => new ChartPoint(d.Effort, s.Date(d.i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), d.Next))])]);
        if (days.Count < 2 * MinGroup)
        {
            return NotYet(id, title, days.Count, 2 * MinGroup, test, "workout days followed by a readiness", chart);
        }

        var median = Stats.Median([.. days.Select(d => d.Effort)]);
        var high = days.Where(d => d.Effort > median).Select(d => d.Next).ToList();
        var low = days.Where(d => d.Effort <= median).Select(d => d.Next).ToList();
        if (high.Count < MinGroup || low.Count < MinGroup)
        {
            return NotYet(id, title, Math.Min(high.Count, low.Count), MinGroup, test, "days on each side of your median effort", chart);
        }

        var u = Stats.MannWhitney(high, low);
        var (m1, m2) = (Stats.Median(high), Stats.Median(low));
        var comparison = new InsightComparison($"{what} above {F(median, "0")}", $"{what} at or below {F(median, "0")}", u.N1, u.N2, m1, m2, u.U, u.P, u.P, u.RankBiserial);
        var narrative = $"After your harder days ({what} above your median of {F(median, "0")}), next-morning readiness had a median of {F(m1, "0")} " +
                        $"against {F(m2, "0")} after easier ones (U = {F(u.U, "0.#")}, {PText(u.P)}, n = {u.N1} and {u.N2}, rank-biserial r = {F(u.RankBiserial, "0.00")}): " +
                        $"{Chance(u.P)}. {Caveat}";
        return new Insight(id, title, Ok, u.N1 + u.N2, 2 * MinGroup, test, u.U, u.P, u.RankBiserial, "rank-biserial r", narrative, chart, [comparison]);
    }
}
