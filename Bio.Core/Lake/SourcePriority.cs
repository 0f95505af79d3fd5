namespace Bio.Core.Lake;

/// <summary>
/// Which source wins when two devices report the same metric for the same day. Overnight ring and strap
/// measurements (Oura, WHOOP) come before watches (Garmin, Apple Watch, Fitbit), which come before a
/// bike's or a generic CSV's; a resting heart rate derived from Oura's daytime samples comes after
/// every measured one. A newer import from the same source replaces the older value.
/// </summary>
public static class SourcePriority
{
    private static readonly string[] Order = ["oura", "whoop", "garmin", "apple-health", "fitbit", "peloton", "oura-heartrate", "csv"];

    /// <summary>Smaller is stronger; unknown sources come last.</summary>
    public static int Rank(string source)
    {
        var i = Array.IndexOf(Order, source);
        return i < 0 ? Order.Length : i;
    }

    /// <summary>True when a value from <paramref name="incoming"/> should replace one from <paramref name="existing"/>.</summary>
    public static bool Replaces(string incoming, string existing) => Rank(incoming) <= Rank(existing);
}
