namespace Bio.Core.Analytics;

/// <summary>One day's overtraining risk: the level and every rule that fired, in words.</summary>
[GenerateSerializer, Immutable, Alias("bio.RiskDay")]
public sealed record RiskDay(
    [property: Id(0)] DateOnly Date,
    [property: Id(1)] string Level,
    [property: Id(2)] IReadOnlyList<string> Reasons,
    [property: Id(3)] double? Acwr,
    [property: Id(4)] double? Monotony,
    [property: Id(5)] double? Strain,
    [property: Id(6)] int HrvBelowStreak,
    [property: Id(7)] double? RhrElevation);

/// <summary>Thresholds of the risk rules; each default is named in <see cref="OvertrainingRisk"/>.</summary>
public sealed record RiskOptions(
    int HrvBelowDays = 3, double CvDropRatio = 0.7, double FatigueRise = 1.15, double RhrZ = 1.0,
    double Monotony = 2.0, double AcwrDanger = 1.5, double FormDeep = -30, double LoadJump = 1.25,
    double LoadSpike = 1.3, int MinTrainingStreak = 4, double StrainRatio = 2.0);

/// <summary>
/// Overtraining risk (DESIGN §6), a level with the reasons that fired, each day from data up to it:
/// <list type="bullet">
/// <item>HRV status below its normal range for 3+ days in a row (Plews et al. 2013);</item>
/// <item>a falling 7-day CV of ln rMSSD (below 70 % of last week's) while fatigue rises 15 %+, the
/// saturation pattern of functional overreaching (Plews et al. 2012);</item>
/// <item>resting HR's 7-day mean 1+ SD above its previous 28 days;</item>
/// <item>Foster's monotony above 2.0, and strain (weekly load x monotony) above twice the person's
/// median of the previous six weeks: Foster (1998) found illness and overtraining followed the
/// individual's own strain peaks, not a fixed number;</item>
/// <item>ACWR above 1.5, reported as context for a sudden load jump (not as an injury prediction);</item>
/// <item>form (TSB) below -30, the "high risk" zone of the Performance Manager convention;</item>
/// <item>a load jump: the last 7 days' load 1.25x or more the person's biggest week of the 4 weeks
/// before (their own history, not a population norm; well beyond the usual 10 %-a-week progression);</item>
/// <item>a load spike: the last 3 days' load 1.3x or more the person's biggest 3 days of those 4 weeks;</item>
/// <item>no recovery day: 4 or more training days in a row, longer than any run in the 4 weeks before,
/// for someone who took rest days in those weeks (every plan needs recovery days; Meeusen et al. 2013,
/// ECSS/ACSM consensus on overtraining).</item>
/// </list>
/// Level: none fired = low; one = moderate; two or more = high.
/// </summary>
public static class OvertrainingRisk
{
    public const string Low = "low";
    public const string Moderate = "moderate";
    public const string High = "high";

    public static List<RiskDay> Compute(
        IReadOnlyList<HrvStatusDay> hrv, IReadOnlyList<TrainingLoadDay> load, IReadOnlyDictionary<DateOnly, double> restingHr, RiskOptions? options = null)
    {
        var dates = load.Select(l => l.Date).Union(hrv.Select(h => h.Date)).Order().ToList();
        if (dates.Count == 0)
        {
            return [];
        }

        var first = dates[0].AddDays(-35);
        var length = dates[^1].DayNumber - first.DayNumber + 1;
        var hrvDays = new HrvStatusDay?[length];
        var loadDays = new TrainingLoadDay?[length];
        var rhr = new double?[length];
        foreach (var h in hrv)
        {
            hrvDays[h.Date.DayNumber - first.DayNumber] = h;
        }

        foreach (var l in load)
        {
            loadDays[l.Date.DayNumber - first.DayNumber] = l;
        }

        foreach (var (date, value) in restingHr)
        {
            if (date >= first && date <= dates[^1])
            {
                rhr[date.DayNumber - first.DayNumber] = value;
            }
        }

        var days = new RiskDay[length];
        Fill(first, hrvDays, loadDays, rhr, 0, days, options);
        return [.. dates.Select(d => days[d.DayNumber - first.DayNumber])];
    }

    /// <summary>Days [start, end) of <paramref name="into"/>, each from the days up to it.</summary>
    internal static void Fill(
        DateOnly first, IReadOnlyList<HrvStatusDay?> hrv, IReadOnlyList<TrainingLoadDay?> load, double?[] restingHr, int start, RiskDay[] into, RiskOptions? options = null)
    {
        options ??= new RiskOptions();
        var streak = start > 0 ? into[start - 1].HrvBelowStreak : 0;
        for (var i = start; i < into.Length; i++)
        {
            var reasons = new List<string>();
            var status = hrv[i];
            var today = load[i];
            streak = status?.Status == HrvStatus.Below ? streak + 1 : 0;
            if (streak >= options.HrvBelowDays)
            {
                reasons.Add($"HRV has been below your normal range for {streak} days");
            }

            var weekAgo = i >= 7 ? i - 7 : -1;
            if (status?.Cv7Percent is { } cv && weekAgo >= 0 && hrv[weekAgo]?.Cv7Percent is { } cvBefore && cvBefore > 0 &&
                cv < options.CvDropRatio * cvBefore && today is not null && load[weekAgo] is { Fatigue: > 0 } before &&
                today.Fatigue > options.FatigueRise * before.Fatigue)
            {
                reasons.Add($"HRV variation fell to {cv:0.0} % from {cvBefore:0.0} % while fatigue rose: a saturation pattern");
            }

            double? rhrZ = null;
            var week = WindowStats.Of(restingHr, i - 6, i);
            var baseline = WindowStats.Of(restingHr, i - 34, i - 7);
            if (week.Count >= 3 && baseline.Count >= 14 && baseline.Sd > 0)
            {
                rhrZ = (week.Mean - baseline.Mean) / baseline.Sd;
                if (rhrZ >= options.RhrZ)
                {
                    reasons.Add($"resting HR this week is {rhrZ:0.0} SD above the four weeks before");
                }
            }

            if (today?.Monotony > options.Monotony)
            {
                reasons.Add($"training monotony {today.Monotony:0.0} is above 2.0: too little variation between hard and easy days");
            }

            if (today?.Strain is { } strain && i >= 42)
            {
                var usual = new List<double>(42);
                for (var j = i - 42; j < i; j++)
                {
                    if (load[j]?.Strain is { } st)
                    {
                        usual.Add(st);
                    }
                }

                if (usual.Count >= 21)
                {
                    usual.Sort();
                    var median = usual[usual.Count / 2];
                    if (median > 0 && strain > options.StrainRatio * median)
                    {
                        reasons.Add($"training strain {strain:0} is {strain / median:0.0}x your usual ({median:0}): a heavy, monotonous week");
                    }
                }
            }

            if (today?.Acwr > options.AcwrDanger)
            {
                reasons.Add($"this week's load is {today.Acwr:0.0}x your usual (ACWR, context only)");
            }

            if (i >= 34 && Complete(load, i - 34, i))
            {
                // The person's own recent history: the biggest week and the biggest 3 days of the 4 weeks before.
                double Sum(int from, int to)
                {
                    var total = 0.0;
                    for (var j = from; j <= to; j++)
                    {
                        total += load[j]!.Load;
                    }

                    return total;
                }

                var last7 = Sum(i - 6, i);
                var biggestWeek = Enumerable.Range(1, 4).Max(w => Sum(i - 7 * w - 6, i - 7 * w));
                if (biggestWeek > 0 && last7 >= options.LoadJump * biggestWeek)
                {
                    reasons.Add($"the last 7 days' load is {last7 / biggestWeek:0.0}x your biggest week of the four before");
                }

                var last3 = Sum(i - 2, i);
                var biggest3 = 0.0;
                for (var j = i - 34; j <= i - 9; j++)
                {
                    biggest3 = Math.Max(biggest3, Sum(j, j + 2));
                }

                if (biggest3 > 0 && last3 >= options.LoadSpike * biggest3)
                {
                    reasons.Add($"the last 3 days' load is {last3 / biggest3:0.0}x your biggest 3 days of the four weeks before: a sudden spike");
                }

                if (Streak(load, i) is var run && run >= options.MinTrainingStreak)
                {
                    // The longest run inside the 4 weeks before, and whether they held a rest day at all
                    // (someone who trains every day by habit is not flagged for it; the load rules see them).
                    int longest = 0, current = 0;
                    var rested = false;
                    for (var j = i - 34; j <= i - 7; j++)
                    {
                        current = load[j]!.Load > 0 ? current + 1 : 0;
                        rested |= current == 0;
                        longest = Math.Max(longest, current);
                    }

                    if (rested && run > longest)
                    {
                        reasons.Add($"{run} training days in a row without a recovery day (your longest in the 4 weeks before: {longest})");
                    }
                }
            }

            if (today?.Form < options.FormDeep)
            {
                reasons.Add($"form is {today.Form:0}: fatigue far above fitness");
            }

            var level = reasons.Count switch { 0 => Low, 1 => Moderate, _ => High };
            into[i] = new RiskDay(first.AddDays(i), level, reasons, today?.Acwr, today?.Monotony, today?.Strain, streak, rhrZ);
        }
    }

    private static bool Complete(IReadOnlyList<TrainingLoadDay?> load, int from, int to)
    {
        for (var j = from; j <= to; j++)
        {
            if (load[j] is null)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Training days in a row ending on day <paramref name="i"/> (0 on a day without training).</summary>
    private static int Streak(IReadOnlyList<TrainingLoadDay?> load, int i)
    {
        var run = 0;
        while (i - run >= 0 && load[i - run] is { Load: > 0 })
        {
            run++;
        }

        return run;
    }
}
