namespace Bio.Core.Analytics;

/// <summary>One day's HRV status. Values are in ln(ms); null where there is not enough data.</summary>
[GenerateSerializer, Immutable, Alias("bio.HrvStatusDay")]
public sealed record HrvStatusDay(
    [property: Id(0)] DateOnly Date,
    [property: Id(1)] double? LnHrv,
    [property: Id(2)] double? Mean7,
    [property: Id(3)] double? Baseline,
    [property: Id(4)] double? Lower,
    [property: Id(5)] double? Upper,
    [property: Id(6)] double? Cv7Percent,
    [property: Id(7)] string Status,
    [property: Id(8)] string Measure,
    [property: Id(9)] string? Source);

/// <summary>A daily HRV reading: rMSSD or SDNN, in ms, and the device/source that measured it.</summary>
public readonly record struct HrvReading(DateOnly Date, double Milliseconds, string Measure, string Source);

/// <summary>Settings of the HRV status (HRV4Training / Plews method).</summary>
public sealed record HrvStatusOptions(int WeekDays = 7, int MinDaysPerWeek = 3, int BaselineDays = 60, int MinBaselineDays = 20, double Width = 0.5);

/// <summary>
/// HRV status after Plews et al. (2012, 2013) and HRV4Training: work on ln(rMSSD), compare the 7-day
/// rolling mean with a 60-day baseline, and call the normal range baseline ± 0.5 x SD of the baseline
/// window's daily values (the smallest worthwhile change; width configurable). A week needs at least 3
/// valid days. CV is the 7-day coefficient of variation of ln(rMSSD), in percent.
/// <para>
/// Device-aware: rMSSD and SDNN are never mixed (SDNN is used only for a person without rMSSD), and
/// the week and the baseline hold only readings of the device in use (the source of the latest
/// reading), so a new device builds its own baseline, and a person who alternates two devices gets
/// each device judged against itself. Each day uses only readings up to that day.
/// </para>
/// </summary>
public static class HrvStatus
{
    public const string Below = "below";
    public const string Within = "within";
    public const string Above = "above";
    public const string Insufficient = "insufficient data";

    public static List<HrvStatusDay> Compute(IEnumerable<HrvReading> readings, DateOnly from, DateOnly to, HrvStatusOptions? options = null)
    {
        var all = readings.Where(r => r.Milliseconds > 0).ToList();
        var measure = all.Any(r => r.Measure == "rmssd") ? "rmssd" : "sdnn";
        var used = all.Where(r => r.Measure == measure && r.Date <= to).ToList();
        var first = used.Select(r => r.Date).Append(from).Min();
        var series = DaySeries.FromDays(first, to.DayNumber - first.DayNumber + 1, measure);
        foreach (var r in used.GroupBy(r => r.Date).Select(g => g.First()))
        {
            series.Hrv[series.Index(r.Date)] = r.Milliseconds;
            series.HrvSource[series.Index(r.Date)] = r.Source;
        }

        var days = new HrvStatusDay[series.Length];
        Fill(series, 0, days, options);
        return [.. days.Skip(series.Index(from))];
    }

    /// <summary>Computes days [start, end) of <paramref name="into"/>; each day reads only days up to it.</summary>
    internal static void Fill(DaySeries s, int start, HrvStatusDay[] into, HrvStatusOptions? options = null)
    {
        options ??= new HrvStatusOptions();
        var n = into.Length;
        var ln = new double[n];
        var latest = new int[n]; // the index of the latest reading at or before each day, or -1
        var last = -1;
        for (var i = 0; i < n; i++)
        {
            if (s.Hrv[i] is { } ms)
            {
                ln[i] = Math.Log(ms);
                last = i;
            }

            latest[i] = last;
        }

        for (var i = start; i < n; i++)
        {
            var day = s.Date(i);
            double? today = s.Hrv[i] is null ? null : ln[i];
            var current = latest[i];
            if (current < 0)
            {
                into[i] = new HrvStatusDay(day, today, null, null, null, null, null, Insufficient, s.HrvMeasure, null);
                continue;
            }

            // Only the current device's readings count: no window ever mixes two devices.
            var source = s.HrvSource[current];
            WindowStats Window(int from, int to)
            {
                var w = default(WindowStats);
                for (var j = Math.Max(0, from); j <= to; j++)
                {
                    if (s.Hrv[j] is not null && string.Equals(s.HrvSource[j], source, StringComparison.Ordinal))
                    {
                        w.Add(ln[j]);
                    }
                }

                return w;
            }

            var week = Window(i - options.WeekDays + 1, i);
            var baseline = Window(i - options.BaselineDays, i - 1);
            double? mean7 = week.Count >= options.MinDaysPerWeek ? week.Mean : null;
            double? cv = week.Count >= options.MinDaysPerWeek ? week.Sd / week.Mean * 100 : null;
            if (baseline.Count < options.MinBaselineDays)
            {
                into[i] = new HrvStatusDay(day, today, mean7, null, null, null, cv, Insufficient, s.HrvMeasure, source);
                continue;
            }

            var swc = options.Width * baseline.Sd;
            var (lower, upper) = (baseline.Mean - swc, baseline.Mean + swc);
            var status = mean7 is not { } m ? Insufficient : m < lower ? Below : m > upper ? Above : Within;
            into[i] = new HrvStatusDay(day, today, mean7, baseline.Mean, lower, upper, cv, status, s.HrvMeasure, source);
        }
    }

    /// <summary>Sample standard deviation (n - 1), as numpy.std(ddof=1).</summary>
    public static double SampleSd(IReadOnlyList<double> values)
    {
        if (values.Count < 2)
        {
            return 0;
        }

        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }
}
