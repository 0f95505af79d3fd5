namespace Bio.Core.Analytics;

/// <summary>One part of Bio's readiness: its 0-100 score, its weight, and what it saw, in words.</summary>
[GenerateSerializer, Immutable, Alias("bio.ReadinessContributor")]
public sealed record ReadinessContributor(
    [property: Id(0)] string Name,
    [property: Id(1)] int Score,
    [property: Id(2)] double Weight,
    [property: Id(3)] string Detail);

/// <summary>
/// One morning: Bio's readiness (null without HRV, resting HR or sleep), its contributors, the device's
/// own score beside it (<see cref="DeviceScore"/> names it as its device does: "Oura readiness", "WHOOP
/// recovery (%)"), and the energy state.
/// </summary>
[GenerateSerializer, Immutable, Alias("bio.ReadinessDay")]
public sealed record ReadinessDay(
    [property: Id(0)] DateOnly Date,
    [property: Id(1)] int? Score,
    [property: Id(2)] IReadOnlyList<ReadinessContributor> Contributors,
    [property: Id(3)] double? DeviceReadiness,
    [property: Id(4)] string EnergyState,
    [property: Id(5)] string EnergyReason,
    [property: Id(6)] string? DeviceScore = null);

/// <summary>Today's recommended intensity (rest / easy / moderate / hard) and the rule that chose it.</summary>
[GenerateSerializer, Immutable, Alias("bio.Recommendation")]
public sealed record Recommendation(
    [property: Id(0)] DateOnly Date,
    [property: Id(1)] string Intensity,
    [property: Id(2)] string Reason);

/// <summary>Weights and scales of Bio's readiness; the defaults are the documented ones.</summary>
public sealed record ReadinessOptions(
    double HrvWeight = 0.40, double RhrWeight = 0.20, double SleepWeight = 0.25, double LoadWeight = 0.15,
    double PointsPerSd = 25, int RhrBaselineDays = 28, int MinRhrBaselineDays = 14, double SleepFullMinutes = 480, double SleepZeroMinutes = 240,
    double FitnessFloor = 25);

/// <summary>
/// Bio's own readiness, 0-100, for the morning of each day from data up to that morning, and the
/// energy state and the training recommendation that follow from it.
/// <list type="bullet">
/// <item>HRV (weight 0.40): last night's ln rMSSD against the 60-day baseline of the HRV status, in SDs
/// of that baseline: 75 + 25·z, clipped to 0-100 (a usual night scores 75, one SD above 100).</item>
/// <item>Resting HR (0.20): the same on resting HR against the previous 28 days, with the sign turned
/// (a lower resting HR is better).</item>
/// <item>Sleep (0.25): the device's sleep score where there is one; otherwise total sleep, 100 at 8 h
/// or more falling linearly to 0 at 4 h (the 7-9 h adult recommendation, Watson et al. 2015).</item>
/// <item>Load (0.15): yesterday's form (TSB) relative to fitness, 85 + 150·form/max(fitness, 25): fresh
/// scores 85-100, a form of -30 % of fitness 40 (the Performance Manager's "high risk" band).</item>
/// </list>
/// The score is the weighted mean of the contributors present (weights renormalised), rounded.
/// Energy state: peak at 85+, high at 70+, moderate at 55+, else low; one step lower when the 7-day
/// HRV is below its normal range, and low on a day with an illness signal.
/// <para>Recommendation (HRV-guided training, Kiviniemi et al. 2007; Vesterinen et al. 2016: train hard
/// while the 7-day HRV is within the normal range, easy when it is below): rest after an illness
/// signal today or yesterday; easy when yesterday's overtraining risk was high or the 7-day HRV is
/// below its range; otherwise by energy state: peak and high → hard, moderate → moderate, low → easy.</para>
/// </summary>
public static class Readiness
{
    public const string Peak = "peak";
    public const string HighEnergy = "high";
    public const string ModerateEnergy = "moderate";
    public const string LowEnergy = "low";
    public const string Unknown = "unknown";
    public const string IllnessReason = "an early illness signal today";

    internal static void Fill(DaySeries s, HrvStatusDay[] hrv, TrainingLoadDay[] load, int start, int?[] scores, List<ReadinessContributor>[] contributors, ReadinessOptions? options = null, HrvStatusOptions? hrvOptions = null)
    {
        options ??= new ReadinessOptions();
        hrvOptions ??= new HrvStatusOptions();
        for (var i = start; i < s.Length; i++)
        {
            var parts = new List<ReadinessContributor>(4);
            var h = hrv[i];
            if (h.LnHrv is { } ln && h.Baseline is { } baseline && h.Upper is { } upper && upper > baseline && hrvOptions.Width > 0)
            {
                var z = (ln - baseline) / ((upper - baseline) / hrvOptions.Width);
                var name = s.HrvMeasure == "rmssd" ? "HRV" : "HRV (SDNN)";
                parts.Add(new ReadinessContributor("hrv", Points(options.PointsPerSd * z, options), options.HrvWeight,
                    $"{name} {Math.Exp(ln):0} ms, {Sd(z)} your 60-day baseline of {Math.Exp(baseline):0} ms"));
            }

            var rhrBase = WindowStats.Of(s.RestingHr, i - options.RhrBaselineDays, i - 1);
            if (s.RestingHr[i] is { } rhr && rhrBase.Count >= options.MinRhrBaselineDays && rhrBase.Sd > 0)
            {
                var z = (rhr - rhrBase.Mean) / rhrBase.Sd;
                parts.Add(new ReadinessContributor("resting_hr", Points(-options.PointsPerSd * z, options), options.RhrWeight,
                    $"resting HR {rhr:0} bpm, {Sd(z)} your 28-day mean of {rhrBase.Mean:0.0}"));
            }

            if (s.SleepScore[i] is { } sleepScore)
            {
                parts.Add(new ReadinessContributor("sleep", (int)Math.Round(Math.Clamp(sleepScore, 0, 100), MidpointRounding.AwayFromZero), options.SleepWeight,
                    $"sleep score {sleepScore:0} from your device"));
            }
            else if (s.SleepMinutes[i] is { } minutes)
            {
                var score = (minutes - options.SleepZeroMinutes) / (options.SleepFullMinutes - options.SleepZeroMinutes) * 100;
                var (hours, mins) = Durations.HoursAndMinutes(minutes);
                parts.Add(new ReadinessContributor("sleep", Points(score - 75, options), options.SleepWeight, $"{hours} h {mins:00} min of sleep"));
            }

            if (i > 0 && load[i - 1] is { Fitness: > 1 } y)
            {
                var ratio = y.Form / Math.Max(y.Fitness, options.FitnessFloor);
                parts.Add(new ReadinessContributor("load", Points(10 + 150 * ratio, options), options.LoadWeight,
                    $"going into the day: form {y.Form:0} against fitness {y.Fitness:0}, after yesterday's training"));
            }

            contributors[i] = parts;
            var core = parts.Where(p => p.Name != "load").ToList();
            scores[i] = core.Count == 0
                ? null
                : (int)Math.Round(parts.Sum(p => p.Score * p.Weight) / parts.Sum(p => p.Weight), MidpointRounding.AwayFromZero);
        }

        static int Points(double aboveUsual, ReadinessOptions o) => (int)Math.Round(Math.Clamp(75 + aboveUsual, 0, 100), MidpointRounding.AwayFromZero);

        static string Sd(double z) => Math.Abs(z) < 0.05 ? "right at" : z > 0 ? $"{z:0.0} SD above" : $"{-z:0.0} SD below";
    }

    /// <summary>The energy state from the readiness score, the HRV status and an illness signal that day.</summary>
    public static (string State, string Reason) Energy(int? score, string hrvStatus, bool illness, bool measured = true)
    {
        if (illness)
        {
            return (LowEnergy, IllnessReason);
        }

        if (score is not { } s)
        {
            return (Unknown, measured
                ? "not enough history yet: readiness needs a few weeks of HRV or resting HR, or a night's sleep"
                : "no HRV, resting HR or sleep for this day (was the device worn?)");
        }

        var state = s >= 85 ? Peak : s >= 70 ? HighEnergy : s >= 55 ? ModerateEnergy : LowEnergy;
        var reason = $"readiness {s}";
        if (hrvStatus == HrvStatus.Below && state != LowEnergy)
        {
            state = state == Peak ? HighEnergy : state == HighEnergy ? ModerateEnergy : LowEnergy;
            reason += ", lowered a step because your 7-day HRV is below its normal range";
        }

        return (state, reason);
    }

    /// <summary>Today's intensity, from this morning's state and yesterday's risk (see the class notes).</summary>
    public static Recommendation Recommend(DateOnly date, string energy, string hrvStatus, RiskDay? riskYesterday, bool illnessRecent, bool reportedIll = false)
    {
        if (illnessRecent)
        {
            return new Recommendation(date, "rest", "an early illness signal in the last two days: rest until resting HR settles");
        }

        if (reportedIll)
        {
            return new Recommendation(date, "rest", "your journal says you felt ill today or yesterday: rest until you feel better and resting HR settles");
        }

        if (riskYesterday?.Level == OvertrainingRisk.High)
        {
            return new Recommendation(date, "easy", $"yesterday's overtraining risk was high ({string.Join("; ", riskYesterday.Reasons)}): keep it easy today");
        }

        if (hrvStatus == HrvStatus.Below)
        {
            return new Recommendation(date, "easy", "your 7-day HRV is below its normal range: low intensity until it returns (HRV-guided training)");
        }

        return energy switch
        {
            Peak => new Recommendation(date, "hard", "peak energy and HRV within its normal range: a good day for a hard session"),
            HighEnergy => new Recommendation(date, "hard", "high energy and HRV within its normal range: hard training is fine"),
            ModerateEnergy => new Recommendation(date, "moderate", "moderate energy: steady, moderate training"),
            LowEnergy => new Recommendation(date, "easy", "low energy: an easy session or rest"),
            _ => new Recommendation(date, "moderate", "not enough history yet for a personal recommendation: train by feel"),
        };
    }
}
