namespace Bio.Core.Analytics;

/// <summary>A flagged day: what, how far from the person's own baseline, and how sure ("watch"/"alert").</summary>
public sealed record Anomaly(DateOnly Date, string Kind, string Metric, double Value, double Score, string Tier, string Reason);

/// <summary>The daily values the detectors read (any may be missing).</summary>
public sealed record AnomalyInput(DateOnly Date, double? Hrv, double? RestingHr, double? Readiness, double? SkinTempDev, double? RespiratoryRate, bool Workout);

/// <summary>Thresholds of the detectors (DESIGN §6); the defaults are the documented ones.</summary>
public sealed record AnomalyOptions(
    int BaselineDays = 28, int MinBaselineDays = 14, double LowZ = -1.5, double RhrWatchZ = 1.5, double RhrAlertZ = 2.0,
    double CusumK = 0.5, double CusumWatch = 3.0, double TempRise = 0.3, double RespZ = 2.0, int MissedStreakDays = 5);

/// <summary>
/// Anomalies and early illness signals, each day judged only on data up to that day against the
/// person's previous 28 days (at least 14 values):
/// <list type="bullet">
/// <item>low HRV (on ln rMSSD) or low readiness: more than 1.5 SD below the personal mean;</item>
/// <item>resting HR elevation: the standardized residual z, and a one-sided CuSum of z with k = 0.5
/// (Page 1954) that catches a smaller, sustained rise; "watch" at z ≥ 1.5 or CuSum ≥ 3;</item>
/// <item>illness signal ("alert"): resting HR z ≥ 2 together with a temperature rise of 0.3 °C or
/// more over the personal baseline or a respiratory-rate z ≥ 2 — the combination that precedes
/// symptoms in wearable studies (Mishra et al. 2020, Nature Biomedical Engineering);</item>
/// <item>missed-workout streak: 5 or more days without a workout for someone who trains 3+ times a
/// week over the baseline window.</item>
/// </list>
/// </summary>
public static class Anomalies
{
    public static List<Anomaly> Detect(IReadOnlyList<AnomalyInput> days, AnomalyOptions? options = null)
    {
        options ??= new AnomalyOptions();
        var ordered = days.OrderBy(d => d.Date).ToList();
        var byDate = ordered.ToDictionary(d => d.Date);
        var found = new List<Anomaly>();
        var cusum = 0.0;
        var lastWorkout = (DateOnly?)null;
        foreach (var today in ordered)
        {
            var window = Enumerable.Range(1, options.BaselineDays).Select(i => today.Date.AddDays(-i))
                .Where(byDate.ContainsKey).Select(d => byDate[d]).ToList();

            (double Mean, double Sd)? Baseline(Func<AnomalyInput, double?> pick)
            {
                var values = window.Select(pick).Where(v => v is not null).Select(v => v!.Value).ToList();
                if (values.Count < options.MinBaselineDays)
                {
                    return null;
                }

                var sd = HrvStatus.SampleSd(values);
                return sd > 0 ? (values.Average(), sd) : null;
            }

            double? Z(Func<AnomalyInput, double?> pick, double? value) =>
                value is { } v && Baseline(pick) is { } b ? (v - b.Mean) / b.Sd : null;

            var hrvZ = Z(d => d.Hrv is > 0 ? Math.Log(d.Hrv.Value) : null, today.Hrv is > 0 ? Math.Log(today.Hrv.Value) : null);
            if (hrvZ < options.LowZ)
            {
                found.Add(new Anomaly(today.Date, "low_hrv", "hrv", today.Hrv!.Value, hrvZ.Value, "watch",
                    $"HRV {today.Hrv:0} ms is {-hrvZ:0.0} SD below your last 28 days"));
            }

            var readinessZ = Z(d => d.Readiness, today.Readiness);
            if (readinessZ < options.LowZ)
            {
                found.Add(new Anomaly(today.Date, "low_readiness", "readiness", today.Readiness!.Value, readinessZ.Value, "watch",
                    $"readiness {today.Readiness:0} is {-readinessZ:0.0} SD below your last 28 days"));
            }

            var rhrZ = Z(d => d.RestingHr, today.RestingHr);
            if (rhrZ is { } z)
            {
                cusum = Math.Max(0, cusum + z - options.CusumK);
                var tempBase = Baseline(d => d.SkinTempDev);
                var tempRise = today.SkinTempDev is { } t && tempBase is { } tb ? t - tb.Mean : (double?)null;
                var respZ = Z(d => d.RespiratoryRate, today.RespiratoryRate);
                if (z >= options.RhrAlertZ && (tempRise >= options.TempRise || respZ >= options.RespZ))
                {
                    var with = tempRise >= options.TempRise ? $"temperature +{tempRise:0.0} °C" : $"respiratory rate {respZ:0.0} SD up";
                    found.Add(new Anomaly(today.Date, "illness_signal", "resting_hr", today.RestingHr!.Value, z, "alert",
                        $"resting HR {z:0.0} SD above your baseline with {with}: an early illness signal (not a diagnosis)"));
                }
                else if (z >= options.RhrWatchZ || cusum >= options.CusumWatch)
                {
                    found.Add(new Anomaly(today.Date, "high_rhr", "resting_hr", today.RestingHr!.Value, Math.Max(z, cusum), "watch",
                        z >= options.RhrWatchZ ? $"resting HR {z:0.0} SD above your last 28 days" : $"resting HR has drifted up for several days (CuSum {cusum:0.0})"));
                }
            }

            if (today.Workout)
            {
                lastWorkout = today.Date;
            }
            else if (lastWorkout is { } last && today.Date.DayNumber - last.DayNumber == options.MissedStreakDays &&
                     window.Count(d => d.Workout) * 7.0 / options.BaselineDays >= 3)
            {
                found.Add(new Anomaly(today.Date, "missed_streak", "workouts", options.MissedStreakDays, options.MissedStreakDays, "watch",
                    $"{options.MissedStreakDays} days without a workout, against your usual 3+ a week"));
            }
        }

        return found;
    }
}
