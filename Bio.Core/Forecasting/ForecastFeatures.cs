using Bio.Core.Analytics;

namespace Bio.Core.Forecasting;

/// <summary>
/// The features of an HRV forecast issued at the end of day t (the origin) for the morning of day t+h
/// (journal answers count on the day they are dated: a "yes" logged the morning after is not known yet),
/// and its target, all in ln(ms) where HRV behaves additively. Every feature of origin t reads only
/// days up to t (a test corrupts the future and checks that forecasts do not move).
/// <para>
/// The target is the change from the 7-day mean: ln HRV(t+h) - mean7(t). Trees do not extrapolate, so
/// they learn the deviation from a person's own recent level rather than the level itself; the
/// forecast is mean7(t) + the predicted change.
/// </para>
/// </summary>
public sealed class ForecastFeatures
{
    public static readonly string[] Names =
    [
        "ln_hrv_today", "ln_hrv_yesterday", "ln_hrv_2_days_ago", "ln_hrv_mean_7d", "ln_hrv_mean_28d", "ln_hrv_sd_7d",
        "ln_hrv_vs_28d", "days_since_hrv", "resting_hr_vs_28d", "sleep_score", "sleep_hours", "load_today", "fitness",
        "fatigue", "form", "target_day_of_week", "target_is_weekend", "illness_signal_last_3d", "hrv_status", "low_hrv_flags_7d",
        "alcohol_logged_today", "travel_last_3d",
    ];

    public static int Count => Names.Length;

    /// <summary>How a person reads each feature, for narratives.</summary>
    public static string Label(string name) => name switch
    {
        "ln_hrv_today" => "today's HRV",
        "ln_hrv_yesterday" => "yesterday's HRV",
        "ln_hrv_2_days_ago" => "HRV two days ago",
        "ln_hrv_mean_7d" => "your 7-day HRV level",
        "ln_hrv_mean_28d" => "your 28-day HRV level",
        "ln_hrv_sd_7d" => "this week's HRV swings",
        "ln_hrv_vs_28d" => "HRV against your 28-day level",
        "days_since_hrv" => "days since the last HRV reading",
        "resting_hr_vs_28d" => "resting HR against your 28-day mean",
        "sleep_score" => "last night's sleep score",
        "sleep_hours" => "last night's sleep",
        "load_today" => "today's training load",
        "fitness" => "fitness",
        "fatigue" => "fatigue",
        "form" => "form",
        "target_day_of_week" => "the day of the week",
        "target_is_weekend" => "the weekend",
        "illness_signal_last_3d" => "a recent illness signal",
        "hrv_status" => "your HRV status",
        "low_hrv_flags_7d" => "low-HRV days this week",
        "alcohol_logged_today" => "alcohol logged today",
        "travel_last_3d" => "recent travel",
        _ => name.Replace('_', ' '),
    };

    private readonly float[][] baseRows;
    private readonly double[] ln; // carried forward: the latest reading at or before each day
    private readonly double?[] mean7;
    private readonly double?[] smoothed;
    private readonly bool[] measured;

    public ForecastFeatures(AnalysisResult analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        Analysis = analysis;
        var s = analysis.Series;
        var n = s.Length;
        ln = new double[n];
        mean7 = new double?[n];
        smoothed = new double?[n];
        measured = new bool[n];
        baseRows = new float[n][];
        var rawLn = new double?[n];
        for (var i = 0; i < n; i++)
        {
            rawLn[i] = s.Hrv[i] is { } ms ? Math.Log(ms) : null;
            measured[i] = rawLn[i] is not null;
        }

        var illness = new bool[n];
        var lowHrv = new bool[n];
        foreach (var a in analysis.Anomalies)
        {
            var i = s.Index(a.Date);
            illness[i] |= a.Kind == "illness_signal";
            lowHrv[i] |= a.Kind == "low_hrv";
        }

        var last = -1;
        var readings = 0;
        var ewma = 0.0;
        double? sleepFill = null, hoursFill = null;
        for (var t = 0; t < n; t++)
        {
            if (rawLn[t] is { } reading)
            {
                last = t;
                readings++;
                ewma += Math.Max(SmoothingWeight, 1.0 / readings) * (reading - ewma);
            }

            ln[t] = last >= 0 ? rawLn[last]!.Value : double.NaN;
            var w7 = WindowStats.Of(rawLn, t - 6, t);
            var w28 = WindowStats.Of(rawLn, t - 27, t);
            mean7[t] = w7.Count >= 3 ? w7.Mean : null;
            smoothed[t] = mean7[t] is null ? null : ewma;
            var rhr28 = WindowStats.Of(s.RestingHr, t - 27, t);
            var rhr = LastAtOrBefore(s.RestingHr, t, 3);
            sleepFill = s.SleepScore[t] ?? sleepFill;
            hoursFill = s.SleepMinutes[t] / 60 ?? hoursFill;
            var l = analysis.Load[t];
            var status = analysis.Hrv[t].Status switch { HrvStatus.Below => -1, HrvStatus.Above => 1, _ => 0 };
            var illnessRecent = (t >= 0 && illness[t]) || (t >= 1 && illness[t - 1]) || (t >= 2 && illness[t - 2]);
            var lowFlags = 0;
            for (var j = Math.Max(0, t - 6); j <= t; j++)
            {
                lowFlags += lowHrv[j] ? 1 : 0;
            }

            baseRows[t] =
            [
                (float)ln[t],
                (float)(t >= 1 ? ln[t - 1] : double.NaN),
                (float)(t >= 2 ? ln[t - 2] : double.NaN),
                (float)(mean7[t] ?? double.NaN),
                (float)(w28.Count >= 7 ? w28.Mean : double.NaN),
                (float)(w7.Count >= 3 ? w7.Sd : double.NaN),
                (float)(w28.Count >= 7 ? ln[t] - w28.Mean : double.NaN),
                last >= 0 ? t - last : float.NaN,
                (float)(rhr is { } r && rhr28.Count >= 7 ? r - rhr28.Mean : double.NaN),
                (float)(sleepFill ?? double.NaN),
                (float)(hoursFill ?? double.NaN),
                (float)l.Load,
                (float)l.Fitness,
                (float)l.Fatigue,
                (float)l.Form,
                0, // the target's day of week, set per horizon
                0,
                illnessRecent ? 1 : 0,
                status,
                lowFlags,
                s.Alcohol[t] ? 1 : 0,
                (s.Travel[t] || (t >= 1 && s.Travel[t - 1]) || (t >= 2 && s.Travel[t - 2])) ? 1 : 0,
            ];
        }
    }

    public AnalysisResult Analysis { get; }

    public int Length => baseRows.Length;

    /// <summary>The features of origin <paramref name="t"/> for horizon <paramref name="h"/>; null when there is no recent level to forecast from.</summary>
    public float[]? Row(int t, int h)
    {
        if (t < 0 || t >= Length || mean7[t] is null)
        {
            return null;
        }

        var row = (float[])baseRows[t].Clone();
        var dow = ((int)Analysis.Series.Date(t + h).DayOfWeek + 6) % 7; // Monday = 0
        row[15] = dow;
        row[16] = dow >= 5 ? 1 : 0;
        return row;
    }

    /// <summary>The forecasting level of origin t: the mean of the last 7 days' ln HRV (at least 3 readings).</summary>
    public double? Level(int t) => t >= 0 && t < Length ? mean7[t] : null;

    /// <summary>
    /// The weight of each new reading in the longer-run level: 0.1, so a reading's influence halves every
    /// ~6.6 readings and the level reaches about three weeks back (the 7-day mean is the same smoothing
    /// at about 0.25, the latest reading at 1). Chosen by walk-forward evidence (docs/benchmarks.md).
    /// </summary>
    public const double SmoothingWeight = 0.1;

    /// <summary>
    /// The longer-run level of origin t: an exponentially weighted mean of every ln HRV reading up to t
    /// (each new reading moves it by <see cref="SmoothingWeight"/> of its distance, the first ones by
    /// 1/count so it starts as their plain mean); null where <see cref="Level"/> is.
    /// </summary>
    public double? Smoothed(int t) => t >= 0 && t < Length ? smoothed[t] : null;

    /// <summary>The persistence baseline: the latest reading at or before t, in ln ms.</summary>
    public double? Persistence(int t) => t >= 0 && t < Length && !double.IsNaN(ln[t]) ? ln[t] : null;

    /// <summary>The measured ln HRV of day <paramref name="i"/>, or null.</summary>
    public double? Actual(int i) => i >= 0 && i < Length && measured[i] ? Math.Log(Analysis.Series.Hrv[i]!.Value) : null;

    /// <summary>The training target of origin t and horizon h: ln HRV(t+h) - mean7(t), or null.</summary>
    public double? Target(int t, int h) => Actual(t + h) is { } y && Level(t) is { } level ? y - level : null;

    private static double? LastAtOrBefore(double?[] values, int t, int maxBack)
    {
        for (var j = t; j >= 0 && j >= t - maxBack; j--)
        {
            if (values[j] is { } v)
            {
                return v;
            }
        }

        return null;
    }
}
