namespace Bio.Core.Analytics;

/// <summary>One day's overtraining risk: the level and every rule that fired, in words.</summary>
public sealed record RiskDay(DateOnly Date, string Level, IReadOnlyList<string> Reasons, double? Acwr, double? Monotony, double? Strain, int HrvBelowStreak, double? RhrElevation);

/// <summary>Thresholds of the risk rules; each default is named in <see cref="OvertrainingRisk"/>.</summary>
public sealed record RiskOptions(
    int HrvBelowDays = 3, double CvDropRatio = 0.7, double FatigueRise = 1.15, double RhrZ = 1.0,
    double Monotony = 2.0, double AcwrDanger = 1.5, double FormDeep = -30, double LoadJump = 1.4);

/// <summary>
/// Overtraining risk (DESIGN §6), a level with the reasons that fired, each day from data up to it:
/// <list type="bullet">
/// <item>HRV status below its normal range for 3+ days in a row (Plews et al. 2013);</item>
/// <item>a falling 7-day CV of ln rMSSD (below 70 % of last week's) while fatigue rises 15 %+, the
/// saturation pattern of functional overreaching (Plews et al. 2012);</item>
/// <item>resting HR's 7-day mean 1+ SD above its previous 28 days;</item>
/// <item>Foster's monotony above 2.0 (Foster 1998);</item>
/// <item>ACWR above 1.5, reported as context for a sudden load jump (not as an injury prediction);</item>
/// <item>form (TSB) below -30, the "high risk" zone of the Performance Manager convention;</item>
/// <item>a load jump: the last 7 days' load 1.4x or more the person's average week over the 4 weeks
/// before (their own history, not a population norm).</item>
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
        options ??= new RiskOptions();
        var hrvByDate = hrv.ToDictionary(h => h.Date);
        var loadByDate = load.ToDictionary(l => l.Date);
        var result = new List<RiskDay>();
        var streak = 0;
        foreach (var day in load.Select(l => l.Date).Union(hrv.Select(h => h.Date)).Order())
        {
            var reasons = new List<string>();
            hrvByDate.TryGetValue(day, out var status);
            loadByDate.TryGetValue(day, out var today);
            streak = status?.Status == HrvStatus.Below ? streak + 1 : 0;
            if (streak >= options.HrvBelowDays)
            {
                reasons.Add($"HRV has been below your normal range for {streak} days");
            }

            if (status?.Cv7Percent is { } cv && hrvByDate.GetValueOrDefault(day.AddDays(-7))?.Cv7Percent is { } cvBefore && cvBefore > 0 &&
                cv < options.CvDropRatio * cvBefore && today is not null && loadByDate.GetValueOrDefault(day.AddDays(-7)) is { Fatigue: > 0 } before &&
                today.Fatigue > options.FatigueRise * before.Fatigue)
            {
                reasons.Add($"HRV variation fell to {cv:0.0} % from {cvBefore:0.0} % while fatigue rose: a saturation pattern");
            }

            double? rhrZ = null;
            var week = Enumerable.Range(0, 7).Select(i => day.AddDays(-i)).Where(restingHr.ContainsKey).Select(d => restingHr[d]).ToList();
            var baseline = Enumerable.Range(7, 28).Select(i => day.AddDays(-i)).Where(restingHr.ContainsKey).Select(d => restingHr[d]).ToList();
            if (week.Count >= 3 && baseline.Count >= 14 && HrvStatus.SampleSd(baseline) is var sd and > 0)
            {
                rhrZ = (week.Average() - baseline.Average()) / sd;
                if (rhrZ >= options.RhrZ)
                {
                    reasons.Add($"resting HR this week is {rhrZ:0.0} SD above the four weeks before");
                }
            }

            if (today?.Monotony > options.Monotony)
            {
                reasons.Add($"training monotony {today.Monotony:0.0} is above 2.0: too little variation between hard and easy days");
            }

            if (today?.Acwr > options.AcwrDanger)
            {
                reasons.Add($"this week's load is {today.Acwr:0.0}x your usual (ACWR, context only)");
            }

            var last7 = Enumerable.Range(0, 7).Sum(i => loadByDate.GetValueOrDefault(day.AddDays(-i))?.Load ?? 0);
            var before28 = Enumerable.Range(7, 28).Select(i => loadByDate.GetValueOrDefault(day.AddDays(-i))).ToList();
            if (before28.All(d => d is not null) && before28.Sum(d => d!.Load) / 4 is var usual and > 0 && last7 >= options.LoadJump * usual)
            {
                reasons.Add($"the last 7 days' load is {last7 / usual:0.0}x your usual week");
            }

            if (today?.Form < options.FormDeep)
            {
                reasons.Add($"form is {today.Form:0}: fatigue far above fitness");
            }

            var level = reasons.Count switch { 0 => Low, 1 => Moderate, _ => High };
            result.Add(new RiskDay(day, level, reasons, today?.Acwr, today?.Monotony, today?.Strain, streak, rhrZ));
        }

        return result;
    }
}
