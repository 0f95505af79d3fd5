namespace Bio.Core.Analytics;

/// <summary>One day's HRV status. Values are in ln(ms); null where there is not enough data.</summary>
public sealed record HrvStatusDay(
    DateOnly Date,
    double? LnHrv,
    double? Mean7,
    double? Baseline,
    double? Lower,
    double? Upper,
    double? Cv7Percent,
    string Status,
    string Measure,
    string? Source);

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
/// Device-aware: rMSSD and SDNN are never mixed (SDNN is used only for a person without rMSSD), and a
/// change of device starts a new segment, so a baseline never spans two devices. Each day uses only
/// readings up to that day.
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
        options ??= new HrvStatusOptions();
        var all = readings.Where(r => r.Milliseconds > 0).ToList();
        var measure = all.Any(r => r.Measure == "rmssd") ? "rmssd" : "sdnn";
        var series = all.Where(r => r.Measure == measure).GroupBy(r => r.Date).ToDictionary(g => g.Key, g => g.First());

        // Segments: a new one starts whenever the source changes.
        var segmentOf = new Dictionary<DateOnly, int>();
        var segment = 0;
        string? previous = null;
        foreach (var r in series.Values.OrderBy(r => r.Date))
        {
            if (previous is not null && r.Source != previous)
            {
                segment++;
            }

            segmentOf[r.Date] = segment;
            previous = r.Source;
        }

        var result = new List<HrvStatusDay>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            series.TryGetValue(day, out var today);
            double? ln = today.Source is null ? null : Math.Log(today.Milliseconds);

            // The segment in force: today's, or the latest before today.
            var current = series.Keys.Where(d => d <= day).DefaultIfEmpty(DateOnly.MinValue).Max();
            if (current == DateOnly.MinValue)
            {
                result.Add(new HrvStatusDay(day, ln, null, null, null, null, null, Insufficient, measure, null));
                continue;
            }

            var seg = segmentOf[current];
            var source = series[current].Source;
            List<double> Window(int daysBack, int daysEnd) =>
                Enumerable.Range(daysEnd, daysBack)
                    .Select(back => day.AddDays(-back))
                    .Where(d => series.ContainsKey(d) && segmentOf[d] == seg)
                    .Select(d => Math.Log(series[d].Milliseconds))
                    .ToList();

            var week = Window(options.WeekDays, 0);
            var baselineValues = Window(options.BaselineDays, 1);
            double? mean7 = week.Count >= options.MinDaysPerWeek ? week.Average() : null;
            double? cv = week.Count >= options.MinDaysPerWeek ? SampleSd(week) / week.Average() * 100 : null;
            if (baselineValues.Count < options.MinBaselineDays)
            {
                result.Add(new HrvStatusDay(day, ln, mean7, null, null, null, cv, Insufficient, measure, source));
                continue;
            }

            var baseline = baselineValues.Average();
            var swc = options.Width * SampleSd(baselineValues);
            var (lower, upper) = (baseline - swc, baseline + swc);
            var status = mean7 is not { } m ? Insufficient : m < lower ? Below : m > upper ? Above : Within;
            result.Add(new HrvStatusDay(day, ln, mean7, baseline, lower, upper, cv, status, measure, source));
        }

        return result;
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
