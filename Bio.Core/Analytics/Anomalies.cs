namespace Bio.Core.Analytics;

/// <summary>A flagged day: what, how far from the person's own baseline, and how sure ("watch"/"alert").</summary>
[GenerateSerializer, Immutable, Alias("bio.Anomaly")]
public sealed record Anomaly(
    [property: Id(0)] DateOnly Date,
    [property: Id(1)] string Kind,
    [property: Id(2)] string Metric,
    [property: Id(3)] double Value,
    [property: Id(4)] double Score,
    [property: Id(5)] string Tier,
    [property: Id(6)] string Reason);

/// <summary>The daily values the detectors read (any may be missing).</summary>
public sealed record AnomalyInput(DateOnly Date, double? Hrv, double? RestingHr, double? Readiness, double? SkinTempDev, double? RespiratoryRate, bool Workout);

/// <summary>Thresholds of the detectors (DESIGN §6); the defaults are the documented ones.</summary>
public sealed record AnomalyOptions(
    int BaselineDays = 28, int MinBaselineDays = 14, double LowZ = -1.5, double RhrWatchZ = 2.0, double RhrAlertZ = 2.0,
    double CusumK = 0.5, double CusumWatch = 5.0, double TempRise = 0.3, double RespZ = 2.0, int MissedStreakDays = 5);

/// <summary>
/// Anomalies and early illness signals, each day judged only on data up to that day against the
/// person's previous 28 days (at least 14 values):
/// <list type="bullet">
/// <item>low HRV (on ln rMSSD) or low readiness: more than 1.5 SD below the personal mean;</item>
/// <item>resting HR elevation: the standardized residual z, and a one-sided CuSum of z with k = 0.5
/// (Page 1954) that catches a smaller, sustained rise; "watch" at z ≥ 2 or CuSum ≥ 5 (h = 5 with k = 0.5
/// gives an in-control average run length of about 465 days, Montgomery's tables), the CuSum restarting
/// after it signals;</item>
/// <item>illness signal ("alert"): resting HR z ≥ 2 together with a temperature rise of 0.3 °C or
/// more over the personal baseline or a respiratory-rate z ≥ 2 — the combination that precedes
/// symptoms in wearable studies (Mishra et al. 2020, Nature Biomedical Engineering);</item>
/// <item>missed-workout streak: 5 or more days without a workout for someone who trains 3+ times a
/// week over the baseline window (not within a week of an illness signal: resting then is right).</item>
/// </list>
/// </summary>
public static class Anomalies
{
    /// <summary>An anomaly kind in words, for legends and sentences ("missed_streak" is "days without a workout").</summary>
    public static string Label(string kind) => kind switch
    {
        "low_hrv" => "low HRV",
        "low_readiness" => "low readiness",
        "high_rhr" => "high resting HR",
        "illness_signal" => "illness signal",
        "missed_streak" => "days without a workout",
        _ => kind.Replace('_', ' '),
    };

    public static List<Anomaly> Detect(IReadOnlyList<AnomalyInput> days, AnomalyOptions? options = null)
    {
        if (days.Count == 0)
        {
            return [];
        }

        var first = days.Min(d => d.Date);
        var length = days.Max(d => d.Date).DayNumber - first.DayNumber + 1;
        var input = new AnomalyArrays(length);
        foreach (var d in days)
        {
            var i = d.Date.DayNumber - first.DayNumber;
            (input.Hrv[i], input.RestingHr[i], input.Readiness[i], input.SkinTempDev[i], input.RespiratoryRate[i], input.Workout[i]) =
                (d.Hrv, d.RestingHr, d.Readiness, d.SkinTempDev, d.RespiratoryRate, d.Workout);
        }

        var found = new List<Anomaly>();
        Fill(first, input, 0, new double[length], found, options);
        return found;
    }

    /// <summary>
    /// Detects on days [start, end), appending to <paramref name="found"/> in date order and carrying the
    /// CuSum of day start - 1 in <paramref name="cusum"/>; each day reads only the days up to it.
    /// </summary>
    internal static void Fill(DateOnly first, AnomalyArrays input, int start, double[] cusum, List<Anomaly> found, AnomalyOptions? options = null)
    {
        options ??= new AnomalyOptions();
        var n = cusum.Length;
        var lnHrv = new double?[n];
        for (var i = Math.Max(0, start - options.BaselineDays); i < n; i++)
        {
            lnHrv[i] = input.Hrv[i] is > 0 ? Math.Log(input.Hrv[i]!.Value) : null;
        }

        var sum = start > 0 ? cusum[start - 1] : 0;
        var lastWorkout = -1;
        var lastIllness = int.MinValue / 2;
        for (var k = found.Count - 1; k >= 0 && found[k].Date >= first.AddDays(start - 7); k--)
        {
            if (found[k].Kind == "illness_signal")
            {
                lastIllness = Math.Max(lastIllness, found[k].Date.DayNumber - first.DayNumber);
            }
        }

        for (var j = start - 1; j >= 0; j--)
        {
            if (input.Workout[j])
            {
                lastWorkout = j;
                break;
            }
        }

        for (var i = start; i < n; i++)
        {
            var date = first.AddDays(i);
            (double Mean, double Sd)? Baseline(double?[] values)
            {
                var w = WindowStats.Of(values, i - options.BaselineDays, i - 1);
                return w.Count >= options.MinBaselineDays && w.Sd > 0 ? (w.Mean, w.Sd) : null;
            }

            double? Z(double?[] values) => values[i] is { } v && Baseline(values) is { } b ? (v - b.Mean) / b.Sd : null;

            var hrvZ = Z(lnHrv);
            if (hrvZ < options.LowZ)
            {
                found.Add(new Anomaly(date, "low_hrv", "hrv", input.Hrv[i]!.Value, hrvZ.Value, "watch",
                    $"HRV {input.Hrv[i]:0} ms is {-hrvZ:0.0} SD below your last 28 days"));
            }

            var readinessZ = Z(input.Readiness);
            if (readinessZ < options.LowZ)
            {
                found.Add(new Anomaly(date, "low_readiness", "readiness", input.Readiness[i]!.Value, readinessZ.Value, "watch",
                    $"readiness {input.Readiness[i]:0} is {-readinessZ:0.0} SD below your last 28 days"));
            }

            if (Z(input.RestingHr) is { } z)
            {
                sum = Math.Max(0, sum + z - options.CusumK);
                var tempRise = input.SkinTempDev[i] is { } t && Baseline(input.SkinTempDev) is { } tb ? t - tb.Mean : (double?)null;
                var respZ = Z(input.RespiratoryRate);
                var rhr = input.RestingHr[i]!.Value;
                if (z >= options.RhrAlertZ && (tempRise >= options.TempRise || respZ >= options.RespZ))
                {
                    var with = tempRise >= options.TempRise ? $"temperature +{tempRise:0.0} °C" : $"respiratory rate {respZ:0.0} SD up";
                    found.Add(new Anomaly(date, "illness_signal", "resting_hr", rhr, z, "alert",
                        $"resting HR {z:0.0} SD above your baseline with {with}: an early illness signal (not a diagnosis)"));
                    lastIllness = i;
                }
                else if (z >= options.RhrWatchZ || sum >= options.CusumWatch)
                {
                    found.Add(new Anomaly(date, "high_rhr", "resting_hr", rhr, Math.Max(z, sum), "watch",
                        z >= options.RhrWatchZ ? $"resting HR {z:0.0} SD above your last 28 days" : $"resting HR has drifted up for several days (CuSum {sum:0.0})"));
                }

                if (sum >= options.CusumWatch)
                {
                    sum = 0; // a CuSum restarts once it has signalled, so one drift is one flag
                }
            }

            cusum[i] = sum;
            if (input.Workout[i])
            {
                lastWorkout = i;
            }
            else if (lastWorkout >= 0 && i - lastWorkout == options.MissedStreakDays && i - lastIllness > 7)
            {
                var sessions = 0;
                for (var j = Math.Max(0, i - options.BaselineDays); j < i; j++)
                {
                    sessions += input.Workout[j] ? 1 : 0;
                }

                if (sessions * 7.0 / options.BaselineDays >= 3)
                {
                    found.Add(new Anomaly(date, "missed_streak", "workouts", options.MissedStreakDays, options.MissedStreakDays, "watch",
                        $"{options.MissedStreakDays} days without a workout, against your usual 3+ a week"));
                }
            }
        }
    }
}

/// <summary>The detectors' daily inputs laid out by day index.</summary>
internal sealed class AnomalyArrays(int length)
{
    public double?[] Hrv { get; init; } = new double?[length];
    public double?[] RestingHr { get; init; } = new double?[length];
    public double?[] Readiness { get; init; } = new double?[length];
    public double?[] SkinTempDev { get; init; } = new double?[length];
    public double?[] RespiratoryRate { get; init; } = new double?[length];
    public bool[] Workout { get; init; } = new bool[length];
}
