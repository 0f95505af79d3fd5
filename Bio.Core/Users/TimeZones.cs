using System.Diagnostics.CodeAnalysis;

namespace Bio.Core.Users;

/// <summary>IANA time zone validation. Every daily metric is a date in the person's own zone.</summary>
public static class TimeZones
{
    /// <summary>
    /// True when <paramref name="id"/> is an IANA zone id known to this machine ("Europe/Berlin", "UTC").
    /// Windows ids ("W. Europe Standard Time") are refused: the API speaks IANA only.
    /// </summary>
    public static bool TryGet([NotNullWhen(true)] string? id, [NotNullWhen(true)] out TimeZoneInfo? zone)
    {
        zone = null;
        if (string.IsNullOrWhiteSpace(id) || id.Length > 64)
        {
            return false;
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(id, out var found) || !found.HasIanaId)
        {
            return false;
        }

        zone = found;
        return true;
    }

    public static string Describe(string? id) =>
        $"'{id}' is not a known IANA time zone; use a name such as 'Europe/Berlin', 'America/New_York' or 'UTC'.";
}
