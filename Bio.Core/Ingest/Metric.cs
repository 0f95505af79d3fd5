namespace Bio.Core.Ingest;

/// <summary>
/// The daily metrics of the silver <c>daily</c> table, in Bio's units. rMSSD and SDNN are different
/// statistics and are never mixed: Apple Health gives SDNN, Oura/WHOOP/Garmin/Fitbit give rMSSD.
/// </summary>
public enum Metric
{
    HrvRmssdMs,
    HrvSdnnMs,
    RestingHrBpm,
    SleepScore,
    SleepMinutes,
    InBedMinutes,
    DeepMinutes,
    RemMinutes,
    LightMinutes,
    AwakeMinutes,
    SleepEfficiency,
    ReadinessScore,
    RecoveryScore,
    RespiratoryRate,
    SkinTempDevC,
    SkinTempC,
    Spo2Percent,
    Steps,
    ActiveKcal,
    DeviceStrain,
    NapMinutes,

    /// <summary>The day's total energy burned, active plus resting (BMR), in kcal. Never the active part alone.</summary>
    TotalKcal,

    // Oura's readiness contributors, each Oura's own 0-100 score of one part of its readiness (Devices names them).
    ReadinessActivityBalance,
    ReadinessBodyTemperature,
    ReadinessHrvBalance,
    ReadinessPreviousDayActivity,
    ReadinessPreviousNight,
    ReadinessRecoveryIndex,
    ReadinessRestingHeartRate,
    ReadinessSleepBalance,

    /// <summary>The sleep the device said the night needed (WHOOP: baseline + debt + strain − naps), in minutes.</summary>
    SleepNeedMinutes,

    /// <summary>The part of the night's sleep need owed from earlier nights (WHOOP's sleep debt), in minutes.</summary>
    SleepDebtMinutes,

    /// <summary>Garmin's Body Battery (0-100) at wake: Garmin's own estimate of the body's energy reserve.</summary>
    BodyBattery,

    /// <summary>Garmin's average stress level of the day (0-100, from heart-rate variability while still).</summary>
    StressLevel,
}

public static class Metrics
{
    /// <summary>The column name in the silver table and the API.</summary>
    public static string Column(this Metric metric) => metric switch
    {
        Metric.HrvRmssdMs => "hrv_rmssd_ms",
        Metric.HrvSdnnMs => "hrv_sdnn_ms",
        Metric.RestingHrBpm => "resting_hr_bpm",
        Metric.SleepScore => "sleep_score",
        Metric.SleepMinutes => "sleep_minutes",
        Metric.InBedMinutes => "in_bed_minutes",
        Metric.DeepMinutes => "deep_minutes",
        Metric.RemMinutes => "rem_minutes",
        Metric.LightMinutes => "light_minutes",
        Metric.AwakeMinutes => "awake_minutes",
        Metric.SleepEfficiency => "sleep_efficiency",
        Metric.ReadinessScore => "readiness_score",
        Metric.RecoveryScore => "recovery_score",
        Metric.RespiratoryRate => "respiratory_rate",
        Metric.SkinTempDevC => "skin_temp_dev_c",
        Metric.SkinTempC => "skin_temp_c",
        Metric.Spo2Percent => "spo2_percent",
        Metric.Steps => "steps",
        Metric.ActiveKcal => "active_kcal",
        Metric.DeviceStrain => "device_strain",
        Metric.NapMinutes => "nap_minutes",
        Metric.TotalKcal => "total_kcal",
        Metric.ReadinessActivityBalance => "readiness_activity_balance",
        Metric.ReadinessBodyTemperature => "readiness_body_temperature",
        Metric.ReadinessHrvBalance => "readiness_hrv_balance",
        Metric.ReadinessPreviousDayActivity => "readiness_previous_day_activity",
        Metric.ReadinessPreviousNight => "readiness_previous_night",
        Metric.ReadinessRecoveryIndex => "readiness_recovery_index",
        Metric.ReadinessRestingHeartRate => "readiness_resting_heart_rate",
        Metric.ReadinessSleepBalance => "readiness_sleep_balance",
        Metric.SleepNeedMinutes => "sleep_need_minutes",
        Metric.SleepDebtMinutes => "sleep_debt_minutes",
        Metric.BodyBattery => "body_battery",
        Metric.StressLevel => "stress_level",
        _ => throw new ArgumentOutOfRangeException(nameof(metric)),
    };

    /// <summary>
    /// How a person reads the metric: its name and its unit as shown (sleep and its stages in hours, the
    /// column holds minutes; <see cref="ShownScale"/> converts). Device-owned scores take their device's name
    /// from <see cref="Devices.ScoreLabel"/> instead.
    /// </summary>
    public static (string Name, string Unit) Describe(this Metric metric) => metric switch
    {
        Metric.HrvRmssdMs => ("HRV (rMSSD)", "ms"),
        Metric.HrvSdnnMs => ("HRV (SDNN)", "ms"),
        Metric.RestingHrBpm => ("Resting heart rate", "bpm"),
        Metric.SleepScore => ("Sleep score", "0-100"),
        Metric.SleepMinutes => ("Sleep", "hours"),
        Metric.InBedMinutes => ("Time in bed", "hours"),
        Metric.DeepMinutes => ("Deep sleep", "hours"),
        Metric.RemMinutes => ("REM sleep", "hours"),
        Metric.LightMinutes => ("Light sleep", "hours"),
        Metric.AwakeMinutes => ("Awake in bed", "hours"),
        Metric.SleepEfficiency => ("Sleep efficiency", "%"),
        Metric.ReadinessScore => ("Readiness", "0-100"),
        Metric.RecoveryScore => ("Recovery", "%"),
        Metric.RespiratoryRate => ("Respiratory rate", "breaths a minute"),
        Metric.SkinTempDevC => ("Skin temperature against your usual", "°C"),
        Metric.SkinTempC => ("Skin temperature", "°C"),
        Metric.Spo2Percent => ("Blood oxygen (SpO2)", "%"),
        Metric.Steps => ("Steps", "steps"),
        Metric.ActiveKcal => ("Active energy", "kcal"),
        Metric.DeviceStrain => ("Strain", "0-21"),
        Metric.NapMinutes => ("Naps", "hours"),
        Metric.TotalKcal => ("Energy burned", "kcal"),
        Metric.SleepNeedMinutes => ("Sleep need", "hours"),
        Metric.SleepDebtMinutes => ("Sleep debt", "hours"),
        Metric.BodyBattery => ("Body Battery at wake", "0-100"),
        Metric.StressLevel => ("Average stress level", "0-100"),
        _ when Devices.ContributorOf(metric) is { } c => (c.Name, "0-100"),
        _ => throw new ArgumentOutOfRangeException(nameof(metric)),
    };

    /// <summary>The factor from the column's unit to the unit <see cref="Describe"/> shows (minutes to hours).</summary>
    public static double ShownScale(this Metric metric) => metric is Metric.SleepMinutes or Metric.InBedMinutes or Metric.DeepMinutes
        or Metric.RemMinutes or Metric.LightMinutes or Metric.AwakeMinutes or Metric.NapMinutes or Metric.SleepNeedMinutes or Metric.SleepDebtMinutes ? 1 / 60.0 : 1;

    /// <summary>
    /// Metrics a body never reads as 0, so a 0 in an export means "no reading" (missing), not a value out of
    /// range. A living body burns its resting energy every day, so a 0 total-calorie day is a day not worn, and
    /// a night never needs no sleep (a sleep debt of 0 is a real value: nothing owed).
    /// </summary>
    public static bool ZeroIsNoReading(this Metric metric) =>
        metric is Metric.HrvRmssdMs or Metric.HrvSdnnMs or Metric.RestingHrBpm or Metric.RespiratoryRate or Metric.Spo2Percent or Metric.SkinTempC
            or Metric.TotalKcal or Metric.SleepNeedMinutes;

    /// <summary>
    /// The physiologically possible range of each metric. A value outside it is a broken row (a unit
    /// mix-up, a sensor glitch, an Excel accident) and is quarantined with this range in the reason.
    /// </summary>
    public static (double Min, double Max) Range(this Metric metric) => metric switch
    {
        Metric.HrvRmssdMs or Metric.HrvSdnnMs => (1, 300),
        Metric.RestingHrBpm => (25, 150),
        Metric.SleepScore or Metric.ReadinessScore or Metric.RecoveryScore or Metric.SleepEfficiency => (0, 100),
        _ when Devices.ContributorOf(metric) is not null => (0, 100),
        Metric.SleepNeedMinutes or Metric.SleepDebtMinutes => (0, 1440),
        Metric.BodyBattery or Metric.StressLevel => (0, 100),
        Metric.SleepMinutes or Metric.InBedMinutes or Metric.NapMinutes or Metric.DeepMinutes or Metric.RemMinutes or Metric.LightMinutes or Metric.AwakeMinutes => (0, 1440),
        Metric.RespiratoryRate => (4, 40),
        Metric.SkinTempDevC => (-5, 5),
        Metric.SkinTempC => (25, 42),
        Metric.Spo2Percent => (50, 100),
        Metric.Steps => (0, 150_000),
        Metric.ActiveKcal => (0, 15_000),
        Metric.TotalKcal => (0, 20_000),
        Metric.DeviceStrain => (0, 21),
        _ => throw new ArgumentOutOfRangeException(nameof(metric)),
    };
}
