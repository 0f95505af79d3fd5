using Bio.Core.Ingest;

namespace Bio.Core.Lake;

// Parquet row shapes of the silver tables. Property names are the column names (snake_case through
// ParquetNames). Dates are local calendar dates; instants are UTC with the local offset beside them.

public sealed class DailyRow
{
    public DateOnly Date { get; set; }
    public double? HrvRmssdMs { get; set; }
    public double? HrvSdnnMs { get; set; }
    public double? RestingHrBpm { get; set; }
    public double? SleepScore { get; set; }
    public double? SleepMinutes { get; set; }
    public double? InBedMinutes { get; set; }
    public double? DeepMinutes { get; set; }
    public double? RemMinutes { get; set; }
    public double? LightMinutes { get; set; }
    public double? AwakeMinutes { get; set; }
    public double? NapMinutes { get; set; }
    public double? SleepEfficiency { get; set; }
    public double? ReadinessScore { get; set; }
    public double? RecoveryScore { get; set; }
    public double? RespiratoryRate { get; set; }
    public double? SkinTempDevC { get; set; }
    public double? SkinTempC { get; set; }
    public double? Spo2Percent { get; set; }
    public double? Steps { get; set; }
    public double? ActiveKcal { get; set; }
    public double? TotalKcal { get; set; }
    public double? DeviceStrain { get; set; }
    public double? ReadinessActivityBalance { get; set; }
    public double? ReadinessBodyTemperature { get; set; }
    public double? ReadinessHrvBalance { get; set; }
    public double? ReadinessPreviousDayActivity { get; set; }
    public double? ReadinessPreviousNight { get; set; }
    public double? ReadinessRecoveryIndex { get; set; }
    public double? ReadinessRestingHeartRate { get; set; }
    public double? ReadinessSleepBalance { get; set; }
    public double? SleepNeedMinutes { get; set; }
    public double? SleepDebtMinutes { get; set; }
    public double? BodyBattery { get; set; }
    public double? StressLevel { get; set; }

    /// <summary>Where each value came from: "hrv_rmssd_ms=oura;recovery_score=whoop".</summary>
    public string Sources { get; set; } = "";

    public double? Get(Metric metric) => metric switch
    {
        Metric.HrvRmssdMs => HrvRmssdMs,
        Metric.HrvSdnnMs => HrvSdnnMs,
        Metric.RestingHrBpm => RestingHrBpm,
        Metric.SleepScore => SleepScore,
        Metric.SleepMinutes => SleepMinutes,
        Metric.InBedMinutes => InBedMinutes,
        Metric.DeepMinutes => DeepMinutes,
        Metric.RemMinutes => RemMinutes,
        Metric.LightMinutes => LightMinutes,
        Metric.AwakeMinutes => AwakeMinutes,
        Metric.NapMinutes => NapMinutes,
        Metric.SleepEfficiency => SleepEfficiency,
        Metric.ReadinessScore => ReadinessScore,
        Metric.RecoveryScore => RecoveryScore,
        Metric.RespiratoryRate => RespiratoryRate,
        Metric.SkinTempDevC => SkinTempDevC,
        Metric.SkinTempC => SkinTempC,
        Metric.Spo2Percent => Spo2Percent,
        Metric.Steps => Steps,
        Metric.ActiveKcal => ActiveKcal,
        Metric.TotalKcal => TotalKcal,
        Metric.DeviceStrain => DeviceStrain,
        Metric.ReadinessActivityBalance => ReadinessActivityBalance,
        Metric.ReadinessBodyTemperature => ReadinessBodyTemperature,
        Metric.ReadinessHrvBalance => ReadinessHrvBalance,
        Metric.ReadinessPreviousDayActivity => ReadinessPreviousDayActivity,
        Metric.ReadinessPreviousNight => ReadinessPreviousNight,
        Metric.ReadinessRecoveryIndex => ReadinessRecoveryIndex,
        Metric.ReadinessRestingHeartRate => ReadinessRestingHeartRate,
        Metric.ReadinessSleepBalance => ReadinessSleepBalance,
        Metric.SleepNeedMinutes => SleepNeedMinutes,
        Metric.SleepDebtMinutes => SleepDebtMinutes,
        Metric.BodyBattery => BodyBattery,
        Metric.StressLevel => StressLevel,
        _ => throw new ArgumentOutOfRangeException(nameof(metric)),
    };

    public void Set(Metric metric, double? value)
    {
        switch (metric)
        {
            case Metric.HrvRmssdMs: HrvRmssdMs = value; break;
            case Metric.HrvSdnnMs: HrvSdnnMs = value; break;
            case Metric.RestingHrBpm: RestingHrBpm = value; break;
            case Metric.SleepScore: SleepScore = value; break;
            case Metric.SleepMinutes: SleepMinutes = value; break;
            case Metric.InBedMinutes: InBedMinutes = value; break;
            case Metric.DeepMinutes: DeepMinutes = value; break;
            case Metric.RemMinutes: RemMinutes = value; break;
            case Metric.LightMinutes: LightMinutes = value; break;
            case Metric.AwakeMinutes: AwakeMinutes = value; break;
            case Metric.NapMinutes: NapMinutes = value; break;
            case Metric.SleepEfficiency: SleepEfficiency = value; break;
            case Metric.ReadinessScore: ReadinessScore = value; break;
            case Metric.RecoveryScore: RecoveryScore = value; break;
            case Metric.RespiratoryRate: RespiratoryRate = value; break;
            case Metric.SkinTempDevC: SkinTempDevC = value; break;
            case Metric.SkinTempC: SkinTempC = value; break;
            case Metric.Spo2Percent: Spo2Percent = value; break;
            case Metric.Steps: Steps = value; break;
            case Metric.ActiveKcal: ActiveKcal = value; break;
            case Metric.TotalKcal: TotalKcal = value; break;
            case Metric.DeviceStrain: DeviceStrain = value; break;
            case Metric.ReadinessActivityBalance: ReadinessActivityBalance = value; break;
            case Metric.ReadinessBodyTemperature: ReadinessBodyTemperature = value; break;
            case Metric.ReadinessHrvBalance: ReadinessHrvBalance = value; break;
            case Metric.ReadinessPreviousDayActivity: ReadinessPreviousDayActivity = value; break;
            case Metric.ReadinessPreviousNight: ReadinessPreviousNight = value; break;
            case Metric.ReadinessRecoveryIndex: ReadinessRecoveryIndex = value; break;
            case Metric.ReadinessRestingHeartRate: ReadinessRestingHeartRate = value; break;
            case Metric.ReadinessSleepBalance: ReadinessSleepBalance = value; break;
            case Metric.SleepNeedMinutes: SleepNeedMinutes = value; break;
            case Metric.SleepDebtMinutes: SleepDebtMinutes = value; break;
            case Metric.BodyBattery: BodyBattery = value; break;
            case Metric.StressLevel: StressLevel = value; break;
            default: throw new ArgumentOutOfRangeException(nameof(metric));
        }
    }
}

/// <summary>
/// A silver workout. <see cref="Activity"/>, <see cref="Instructor"/> and <see cref="Live"/> came after the first
/// lakes were written: a workouts table without them reads with them null.
/// </summary>
public sealed class WorkoutRow
{
    public DateTime StartUtc { get; set; }
    public int OffsetMinutes { get; set; }
    public DateOnly LocalDate { get; set; }
    public string Discipline { get; set; } = "";
    public string? Activity { get; set; }
    public string? Title { get; set; }
    public string? Instructor { get; set; }
    public bool? Live { get; set; }
    public double DurationMinutes { get; set; }
    public double? OutputKj { get; set; }
    public double? AvgWatts { get; set; }
    public double? AvgHr { get; set; }
    public double? MaxHr { get; set; }
    public double? Kcal { get; set; }
    public double? DistanceKm { get; set; }
    public double? DeviceStrain { get; set; }
    public string Source { get; set; } = "";
}

public sealed class JournalRow
{
    public DateOnly Date { get; set; }
    public string Question { get; set; } = "";
    public bool? Answer { get; set; }
    public string? Notes { get; set; }
    public string Source { get; set; } = "";
}

public sealed class FeedbackRow
{
    public DateOnly Date { get; set; }
    public int? Energy { get; set; }
    public int? Mood { get; set; }
    public int? Exertion { get; set; }
    public string? Notes { get; set; }
    public string Source { get; set; } = "";
}

public sealed class QuarantineParquetRow
{
    public string ImportId { get; set; } = "";
    public string File { get; set; } = "";
    public long Line { get; set; }
    public string Reason { get; set; } = "";
    public string Raw { get; set; } = "";
}

public sealed class DqLogParquetRow
{
    public string ImportId { get; set; } = "";
    public DateTime AtUtc { get; set; }
    public string Check { get; set; } = "";
    public long Count { get; set; }
}
