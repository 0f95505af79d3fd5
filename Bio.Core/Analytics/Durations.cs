namespace Bio.Core.Analytics;

/// <summary>Durations as people read them.</summary>
public static class Durations
{
    /// <summary>
    /// Whole hours and minutes of a duration given in minutes, rounded to the minute first: 419.6
    /// minutes is 7 h 00, not 6 h 60 (which flooring the hours and rounding the rest gave).
    /// </summary>
    public static (int Hours, int Minutes) HoursAndMinutes(double minutes)
    {
        var total = (long)Math.Round(Math.Max(0, minutes), MidpointRounding.AwayFromZero);
        return ((int)(total / 60), (int)(total % 60));
    }
}
