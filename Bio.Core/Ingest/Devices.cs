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
    /// The label of a device-owned daily column for a source ("WHOOP recovery (%)", "Oura readiness"), or null
    /// for a column that is not a device's own score.
    /// </summary>
    public static string? ScoreLabel(string column, string? source) => column switch
    {
        "readiness_score" => $"{Name(source)} readiness",
        "recovery_score" => $"{Name(source)} recovery (%)",
        "device_strain" => $"{Name(source)} strain",
        "sleep_score" => source == "whoop" ? "WHOOP sleep performance (%)" : $"{Name(source)} sleep score",
        "skin_temp_dev_c" => $"{Name(source)} temperature deviation",
        _ => null,
    };

    /// <summary>
    /// WHOOP's recovery colour: green 67-100 %, yellow 34-66 %, red 0-33 % (WHOOP's published bands).
    /// </summary>
    public static string RecoveryBand(double recovery) => recovery >= 67 ? "green" : recovery >= 34 ? "yellow" : "red";
}
