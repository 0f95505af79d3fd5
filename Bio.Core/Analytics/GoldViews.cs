namespace Bio.Core.Analytics;

public sealed class HrvStatusRow
{
    public DateOnly Date { get; set; }
    /// <summary>Last night's ln HRV (ln ms).</summary>
    public double? LnHrv { get; set; }
    public double? Mean7d { get; set; }
    public double? Baseline60d { get; set; }
    public double? NormalLower { get; set; }
    public double? NormalUpper { get; set; }
    public double? Cv7dPct { get; set; }
    /// <summary>below, within, above or "insufficient data".</summary>
    public string Status { get; set; } = "";
    /// <summary>rmssd, or sdnn for a person without rMSSD.</summary>
    public string Measure { get; set; } = "";
    public string? Source { get; set; }
}

public sealed class TrainingLoadRow
{
    public DateOnly Date { get; set; }
    public double Load { get; set; }
    /// <summary>CTL: 42-day exponentially weighted load.</summary>
    public double Fitness { get; set; }
    /// <summary>ATL: 7-day exponentially weighted load.</summary>
    public double Fatigue { get; set; }
    /// <summary>TSB = fitness - fatigue.</summary>
    public double Form { get; set; }
    /// <summary>EWMA 7/28 acute:chronic ratio, context only (not an injury predictor).</summary>
    public double? Acwr { get; set; }
    public double? Monotony { get; set; }
    public double? Strain { get; set; }
    public int Workouts { get; set; }
    /// <summary>How the day's load was scored: trimp, output, srpe (session RPE), duration for workouts; strain for a day of device strain without a workout (";"-separated).</summary>
    public string Methods { get; set; } = "";
}

public sealed class OvertrainingRiskRow
{
    public DateOnly Date { get; set; }
    /// <summary>low, moderate or high.</summary>
    public string Level { get; set; } = "";
    /// <summary>The rules that fired, "; "-separated; empty at low risk.</summary>
    public string Reasons { get; set; } = "";
    public double? Acwr { get; set; }
    public double? Monotony { get; set; }
    public double? Strain { get; set; }
    public int HrvBelowStreak { get; set; }
    /// <summary>Resting HR's 7-day mean against the four weeks before, in SDs.</summary>
    public double? RhrElevationSd { get; set; }
}

public sealed class AnomalyRow
{
    public DateOnly Date { get; set; }
    /// <summary>low_hrv, low_readiness, high_rhr, illness_signal or missed_streak.</summary>
    public string Kind { get; set; } = "";
    public string Metric { get; set; } = "";
    public double Value { get; set; }
    /// <summary>z (SDs from the 28-day baseline) or the CuSum.</summary>
    public double Score { get; set; }
    /// <summary>watch or alert.</summary>
    public string Tier { get; set; } = "";
    public string Reason { get; set; } = "";
}

public sealed class EnergyStateRow
{
    public DateOnly Date { get; set; }
    /// <summary>Bio's readiness, 0-100.</summary>
    public int? Readiness { get; set; }
    public double? DeviceReadiness { get; set; }
    /// <summary>peak, high, moderate, low or unknown.</summary>
    public string EnergyState { get; set; } = "";
    public string Reason { get; set; } = "";
    public string HrvStatus { get; set; } = "";
    public int? HrvScore { get; set; }
    public int? RestingHrScore { get; set; }
    public int? SleepScore { get; set; }
    public int? LoadScore { get; set; }
}

public sealed class WorkoutRecommendationRow
{
    public DateOnly Date { get; set; }
    /// <summary>rest, easy, moderate or hard.</summary>
    public string Intensity { get; set; } = "";
    public string Reason { get; set; } = "";
    public string EnergyState { get; set; } = "";
}

public sealed class WorkoutTypeOptimizationRow
{
    public string Discipline { get; set; } = "";
    /// <summary>The readiness of the workout's morning: "<70", "70-84" or "85+".</summary>
    public string ReadinessBucket { get; set; } = "";
    public int Sessions { get; set; }
    public double? MeanOutputKj { get; set; }
    public double MeanLoad { get; set; }
    /// <summary>How many of the sessions have a readiness the next morning.</summary>
    public int NextDayN { get; set; }
    public double? MeanNextDayReadiness { get; set; }
}

public sealed class SleepPerformancePredictionRow
{
    /// <summary>Sleep score bucket: "<60", "60-69", "70-79", "80-89", "90+".</summary>
    public string SleepBucket { get; set; } = "";
    public int Nights { get; set; }
    public double? MeanNextDayReadiness { get; set; }
    public double? MeanNextDayOutputKj { get; set; }
    /// <summary>The linear fit's next-day readiness at the bucket's mean sleep score.</summary>
    public double? PredictedNextDayReadiness { get; set; }
    /// <summary>The fit of next-day readiness on sleep score over all nights (the same on every row).</summary>
    public double? FitSlope { get; set; }
    public double? FitIntercept { get; set; }
    public double? FitR { get; set; }
    public double? FitP { get; set; }
    public int FitN { get; set; }
}

public sealed class ReadinessPerformanceCorrelationRow
{
    /// <summary>"all", "<70", "70-84" or "85+".</summary>
    public string ReadinessLevel { get; set; } = "";
    /// <summary>What "performance" is: "output_kj", or "training_load" where output covers fewer than 80 % of workout days.</summary>
    public string Measure { get; set; } = "";
    /// <summary>Workout days with both readiness and the measure.</summary>
    public int N { get; set; }
    public double? R { get; set; }
    public double? P { get; set; }
    public double? MeanReadiness { get; set; }
    public double? MeanPerformance { get; set; }
}

/// <summary>
/// The analytics' gold views (DESIGN §5), built from an <see cref="AnalysisResult"/>. "Readiness" in
/// the cross-views is the device's score where there is one, else Bio's; "output" is the day's total
/// workout output in kJ, and "performance" is output where it covers most workout days, else training load.
/// </summary>
public static class GoldViews
{
    public static readonly string[] ReadinessBuckets = ["<70", "70-84", "85+"];

    public static string ReadinessBucket(double readiness) => readiness < 70 ? "<70" : readiness < 85 ? "70-84" : "85+";

    public static string SleepBucket(double score) => score < 60 ? "<60" : score < 70 ? "60-69" : score < 80 ? "70-79" : score < 90 ? "80-89" : "90+";

    public static List<HrvStatusRow> HrvStatusRows(AnalysisResult a) =>
        [.. a.Hrv.Select(h => new HrvStatusRow
        {
            Date = h.Date, LnHrv = h.LnHrv, Mean7d = h.Mean7, Baseline60d = h.Baseline, NormalLower = h.Lower, NormalUpper = h.Upper,
            Cv7dPct = h.Cv7Percent, Status = h.Status, Measure = h.Measure, Source = h.Source,
        })];

    public static List<TrainingLoadRow> TrainingLoadRows(AnalysisResult a)
    {
        var byDay = a.WorkoutLoads.GroupBy(w => w.Date).ToDictionary(g => g.Key, g => g.ToList());
        var strainDays = a.StrainLoads.Select(s => s.Date).ToHashSet();
        return [.. a.Load.Select(l =>
        {
            var w = byDay.GetValueOrDefault(l.Date);
            var methods = (w?.Select(x => x.Method) ?? []).Concat(strainDays.Contains(l.Date) ? ["strain"] : []).Distinct();
            return new TrainingLoadRow
            {
                Date = l.Date, Load = l.Load, Fitness = l.Fitness, Fatigue = l.Fatigue, Form = l.Form, Acwr = l.Acwr,
                Monotony = l.Monotony, Strain = l.Strain, Workouts = w?.Count ?? 0,
                Methods = string.Join(';', methods),
            };
        })];
    }

    public static List<OvertrainingRiskRow> OvertrainingRiskRows(AnalysisResult a) =>
        [.. a.Risk.Select(r => new OvertrainingRiskRow
        {
            Date = r.Date, Level = r.Level, Reasons = string.Join("; ", r.Reasons), Acwr = r.Acwr, Monotony = r.Monotony, Strain = r.Strain,
            HrvBelowStreak = r.HrvBelowStreak, RhrElevationSd = r.RhrElevation,
        })];

    public static List<AnomalyRow> AnomalyRows(AnalysisResult a) =>
        [.. a.Anomalies.Select(x => new AnomalyRow { Date = x.Date, Kind = x.Kind, Metric = x.Metric, Value = x.Value, Score = x.Score, Tier = x.Tier, Reason = x.Reason })];

    public static List<EnergyStateRow> EnergyStateRows(AnalysisResult a) =>
        [.. a.Readiness.Select((r, i) =>
        {
            int? Part(string name) => r.Contributors.FirstOrDefault(c => c.Name == name)?.Score;
            return new EnergyStateRow
            {
                Date = r.Date, Readiness = r.Score, DeviceReadiness = r.DeviceReadiness, EnergyState = r.EnergyState, Reason = r.EnergyReason,
                HrvStatus = a.Hrv[i].Status, HrvScore = Part("hrv"), RestingHrScore = Part("resting_hr"), SleepScore = Part("sleep"), LoadScore = Part("load"),
            };
        })];

    public static List<WorkoutRecommendationRow> WorkoutRecommendationRows(AnalysisResult a) =>
        [.. a.Recommendations.Select((r, i) => new WorkoutRecommendationRow
        {
            Date = r.Date, Intensity = r.Intensity, Reason = r.Reason, EnergyState = a.Readiness[i].EnergyState,
        })];

    /// <summary>Per discipline x the morning's readiness bucket: sessions, output, load and the next morning's readiness.</summary>
    public static List<WorkoutTypeOptimizationRow> WorkoutTypeOptimization(AnalysisResult a)
    {
        var s = a.Series;
        var sessions = s.Workouts.Zip(a.WorkoutLoads, (w, l) => (w, l.Load))
            .Select(x => (x.w, x.Load, Index: s.Index(x.w.LocalDate)))
            .Where(x => a.EffectiveReadiness(x.Index) is not null)
            .GroupBy(x => (x.w.Discipline, Bucket: ReadinessBucket(a.EffectiveReadiness(x.Index)!.Value)));
        return [.. sessions.Select(g =>
        {
            var outputs = g.Where(x => x.w.OutputKj is not null).Select(x => x.w.OutputKj!.Value).ToList();
            var next = g.Where(x => x.Index + 1 < s.Length && a.EffectiveReadiness(x.Index + 1) is not null)
                .Select(x => a.EffectiveReadiness(x.Index + 1)!.Value).ToList();
            return new WorkoutTypeOptimizationRow
            {
                Discipline = g.Key.Discipline, ReadinessBucket = g.Key.Bucket, Sessions = g.Count(),
                MeanOutputKj = outputs.Count == 0 ? null : outputs.Average(), MeanLoad = g.Average(x => x.Load),
                NextDayN = next.Count, MeanNextDayReadiness = next.Count == 0 ? null : next.Average(),
            };
        }).OrderBy(r => r.Discipline, StringComparer.Ordinal).ThenBy(r => Array.IndexOf(ReadinessBuckets, r.ReadinessBucket))];
    }

    /// <summary>The day's total workout output in kJ, or null without any workout output that day.</summary>
    public static double?[] DailyOutput(DaySeries s)
    {
        var output = new double?[s.Length];
        foreach (var w in s.Workouts)
        {
            if (w.OutputKj is { } kj)
            {
                var i = s.Index(w.LocalDate);
                output[i] = (output[i] ?? 0) + kj;
            }
        }

        return output;
    }

    /// <summary>
    /// Per sleep-score bucket: the readiness of the morning after the night and that day's output, with a
    /// linear fit over all nights.
    /// </summary>
    public static List<SleepPerformancePredictionRow> SleepPerformancePrediction(AnalysisResult a)
    {
        var s = a.Series;
        var output = DailyOutput(s);
        // Silver dates a night by the morning it ends: the readiness and output of that date follow the night.
        var nights = Enumerable.Range(0, s.Length)
            .Where(i => s.SleepScore[i] is not null)
            .Select(i => (Sleep: s.SleepScore[i]!.Value, Next: a.EffectiveReadiness(i), Output: output[i]))
            .ToList();
        var paired = nights.Where(x => x.Next is not null).ToList();
        var fit = paired.Count >= 3 && paired.Select(x => x.Sleep).Distinct().Count() > 1
            ? Stats.Linregress([.. paired.Select(x => x.Sleep)], [.. paired.Select(x => x.Next!.Value)])
            : null;
        return [.. nights.GroupBy(x => SleepBucket(x.Sleep)).OrderBy(g => g.Min(x => x.Sleep)).Select(g =>
        {
            var next = g.Where(x => x.Next is not null).Select(x => x.Next!.Value).ToList();
            var outputs = g.Where(x => x.Output is not null).Select(x => x.Output!.Value).ToList();
            return new SleepPerformancePredictionRow
            {
                SleepBucket = g.Key, Nights = g.Count(),
                MeanNextDayReadiness = next.Count == 0 ? null : next.Average(),
                MeanNextDayOutputKj = outputs.Count == 0 ? null : outputs.Average(),
                PredictedNextDayReadiness = fit is null ? null : fit.Intercept + fit.Slope * g.Average(x => x.Sleep),
                FitSlope = fit?.Slope, FitIntercept = fit?.Intercept, FitR = fit?.R, FitP = fit?.P, FitN = fit?.N ?? 0,
            };
        })];
    }

    /// <summary>
    /// The day's performance measure: output (kJ) when it covers at least 80 % of workout days (a power
    /// meter on every session), otherwise training load, which every workout has; null on rest days.
    /// </summary>
    public static (string Measure, double?[] Values) Performance(AnalysisResult a)
    {
        var output = DailyOutput(a.Series);
        var workoutDays = a.Load.Count(l => l.Load > 0);
        var withOutput = output.Count(o => o is not null);
        if (withOutput > 0 && withOutput >= 0.8 * workoutDays)
        {
            return ("output_kj", output);
        }

        return ("training_load", [.. a.Load.Select(l => l.Load > 0 ? l.Load : (double?)null)]);
    }

    /// <summary>Pearson r, p and n between the morning's readiness and the day's performance, overall and per readiness level.</summary>
    public static List<ReadinessPerformanceCorrelationRow> ReadinessPerformanceCorrelation(AnalysisResult a)
    {
        var (measure, output) = Performance(a);
        var days = Enumerable.Range(0, a.Series.Length)
            .Where(i => output[i] is not null && a.EffectiveReadiness(i) is not null)
            .Select(i => (Readiness: a.EffectiveReadiness(i)!.Value, Output: output[i]!.Value))
            .ToList();
        ReadinessPerformanceCorrelationRow Row(string level, List<(double Readiness, double Output)> set)
        {
            var r = set.Count >= 3 && set.Select(x => x.Readiness).Distinct().Count() > 1 && set.Select(x => x.Output).Distinct().Count() > 1
                ? Stats.Pearson([.. set.Select(x => x.Readiness)], [.. set.Select(x => x.Output)])
                : null;
            return new ReadinessPerformanceCorrelationRow
            {
                ReadinessLevel = level, Measure = measure, N = set.Count, R = r?.R, P = r?.P,
                MeanReadiness = set.Count == 0 ? null : set.Average(x => x.Readiness),
                MeanPerformance = set.Count == 0 ? null : set.Average(x => x.Output),
            };
        }

        return [Row("all", days), .. ReadinessBuckets.Select(b => Row(b, [.. days.Where(d => ReadinessBucket(d.Readiness) == b)]))];
    }
}
