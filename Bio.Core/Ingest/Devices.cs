using System.Globalization;

namespace Bio.Core.Ingest;

/// <summary>
/// The devices' own names for what they measure, in one place: a value is shown under its device's
/// name ("WHOOP recovery", "Oura readiness"), never under Bio's, and Bio's own readiness is "Bio readiness".
/// </summary>
public static class Devices
{
    /// <summary>The device or service a silver source stands for, as its owner writes it.</summary>
    public static string Name(string? source) => source switch
    {
        "oura" => "Oura",
        "whoop" => "WHOOP",
        "garmin" => "Garmin",
        "fitbit" => "Fitbit",
        "apple-health" => "Apple Health",
        "peloton" => "Peloton",
        "synthetic" => "Demo device",
        "csv" => "Your CSV",
        null or "" => "Device",
        _ => source,
    };

    /// <summary>
    /// Oura's readiness contributors (each Oura's own 0-100 score), in the order Oura's app lists them: the key its
    /// exports and API use (<c>contributors_hrv_balance</c>, <c>readiness.contributors.hrv_balance</c>) and the name
    /// Oura gives it ("HRV balance").
    /// </summary>
    public static readonly IReadOnlyList<DeviceContributor> OuraReadinessContributors =
    [
        new(Metric.ReadinessRestingHeartRate, "resting_heart_rate", "Resting heart rate"),
        new(Metric.ReadinessHrvBalance, "hrv_balance", "HRV balance"),
        new(Metric.ReadinessBodyTemperature, "body_temperature", "Body temperature"),
        new(Metric.ReadinessRecoveryIndex, "recovery_index", "Recovery index"),
        new(Metric.ReadinessPreviousNight, "previous_night", "Previous night"),
        new(Metric.ReadinessSleepBalance, "sleep_balance", "Sleep balance"),
        new(Metric.ReadinessPreviousDayActivity, "previous_day_activity", "Previous day activity"),
        new(Metric.ReadinessActivityBalance, "activity_balance", "Activity balance"),
    ];

    /// <summary>The readiness contributor a metric is, or null for any other metric.</summary>
    public static DeviceContributor? ContributorOf(Metric metric) => OuraReadinessContributors.FirstOrDefault(c => c.Metric == metric);

    /// <summary>The night's sleep need and the debt inside it (WHOOP), shown beside the device's sleep score.</summary>
    public static readonly IReadOnlyList<Metric> SleepNeed = [Metric.SleepNeedMinutes, Metric.SleepDebtMinutes];

    /// <summary>
    /// The label of a device-owned daily column for a source ("WHOOP recovery (%)", "Oura readiness", "Oura readiness:
    /// HRV balance"), or null for a column that is not a device's own value.
    /// </summary>
    public static string? ScoreLabel(string column, string? source) => column switch
    {
        "readiness_score" => $"{Name(source)} readiness",
        "recovery_score" => $"{Name(source)} recovery (%)",
        "device_strain" => $"{Name(source)} strain",
        "sleep_score" => source == "whoop" ? "WHOOP sleep performance (%)" : $"{Name(source)} sleep score",
        "skin_temp_dev_c" => $"{Name(source)} temperature deviation",
        "sleep_need_minutes" => $"{Name(source)} sleep need",
        "sleep_debt_minutes" => $"{Name(source)} sleep debt",
        "body_battery" => $"{Name(source)} Body Battery",
        "stress_level" => $"{Name(source)} stress level",
        _ when OuraReadinessContributors.FirstOrDefault(c => c.Metric.Column() == column) is { } c => $"{Name(source)} readiness: {c.Name}",
        _ => null,
    };

    /// <summary>The title of a group of a device's own values shown together ("Oura readiness contributors").</summary>
    public static string GroupLabel(Metric first, string? source) =>
        ContributorOf(first) is not null ? $"{Name(source)} readiness contributors"
        : SleepNeed.Contains(first) ? $"{Name(source)} sleep need and debt"
        : throw new ArgumentOutOfRangeException(nameof(first));

    /// <summary>
    /// A device's value as the device writes it: recovery "71 %", WHOOP's sleep performance "88 %", strain "12.4",
    /// temperature "+0.3 °C", sleep need and debt "8 h 12 min" and "35 min", scores and contributors "80".
    /// </summary>
    public static string Shown(string column, double value, string? source) => column switch
    {
        "recovery_score" => Whole(value) + " %",
        "sleep_score" => Whole(value) + (source == "whoop" ? " %" : ""),
        "device_strain" => value.ToString("0.0", CultureInfo.InvariantCulture),
        "skin_temp_dev_c" => value.ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + " °C",
        "sleep_need_minutes" or "sleep_debt_minutes" => HoursAndMinutes(value),
        _ => Whole(value),
    };

    /// <summary>
    /// The device's values shown with one of its own, under the names the device gives them: Oura's readiness with its
    /// contributors ("HRV balance 72"), WHOOP's sleep need with the debt inside it ("sleep debt 35 min").
    /// </summary>
    public static IReadOnlyList<(Metric Metric, string Name)> Companions(string column) => column switch
    {
        "readiness_score" => [.. OuraReadinessContributors.Select(c => (c.Metric, c.Name))],
        "sleep_need_minutes" => [(Metric.SleepDebtMinutes, "sleep debt")],
        _ => [],
    };

    /// <summary>What a tile of a device's own value says under it: whose number it is, and for recovery its colour.</summary>
    public static string Note(string column, double value) => column switch
    {
        "recovery_score" => $"{RecoveryBand(value)}: the device's own score, not Bio's",
        "skin_temp_dev_c" => "against your usual, as the device measures it",
        "sleep_need_minutes" => "what last night needed, as the device counts it",
        "sleep_debt_minutes" => "owed from earlier nights, as the device counts it",
        "body_battery" => "at wake: the device's own estimate of your energy reserve, not Bio's",
        "stress_level" => "the day's average, as the device measures it (lower is calmer)",
        _ => "the device's own score, not Bio's",
    };

    /// <summary>
    /// WHOOP's recovery colour: green 67-100 %, yellow 34-66 %, red 0-33 % (WHOOP's published bands).
    /// </summary>
    public static string RecoveryBand(double recovery) => recovery >= 67 ? "green" : recovery >= 34 ? "yellow" : "red";

    private static string Whole(double value) => value.ToString("0", CultureInfo.InvariantCulture);

    /// <summary>"8 h 12 min", "35 min", "8 h" (rounded to the minute first).</summary>
    private static string HoursAndMinutes(double minutes)
    {
        var (h, m) = Analytics.Durations.HoursAndMinutes(minutes);
        return h == 0 ? string.Create(CultureInfo.InvariantCulture, $"{m} min")
            : m == 0 ? string.Create(CultureInfo.InvariantCulture, $"{h} h")
            : string.Create(CultureInfo.InvariantCulture, $"{h} h {m} min");
    }
}

/// <summary>A part of a device's own score (one of Oura's readiness contributors): its silver metric, the key the device's files use, and the device's name for it.</summary>
public sealed record DeviceContributor(Metric Metric, string Key, string Name);
