using System.Globalization;

namespace Bio.Core.Ingest.Whoop;

/// <summary>
/// WHOOP's app export writes local wall-clock times ("2024-03-06 23:41:12") with the UTC offset in a
/// separate column ("UTC-04:00"), which changes with DST and travel. An Excel-resaved file writes
/// "3/6/2024 3:23" instead; that is refused, never guessed as March or June.
/// </summary>
public static class WhoopTime
{
    public static bool TryLocal(string cell, out DateTime local)
    {
        // Fast path, digit by digit: this runs once or twice per row.
        var s = cell.AsSpan().Trim();
        local = default;
        if (s.Length == 19 && s[10] == ' ' && s[13] == ':' && s[16] == ':' && Csv.CsvRows.TryIsoDate(s[..10], out var date) &&
            TwoDigits(s[11..13], out var h) && TwoDigits(s[14..16], out var m) && TwoDigits(s[17..19], out var sec) && h < 24 && m < 60 && sec < 60)
        {
            local = date.ToDateTime(new TimeOnly(h, m, sec));
            return true;
        }

        return false;
    }

    private static bool TwoDigits(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        if (!char.IsAsciiDigit(s[0]) || !char.IsAsciiDigit(s[1]))
        {
            return false;
        }

        value = (s[0] - '0') * 10 + (s[1] - '0');
        return true;
    }

    public static bool TryOffset(string cell, out TimeSpan offset)
    {
        offset = default;
        var t = cell.Trim();
        if (!t.StartsWith("UTC", StringComparison.Ordinal))
        {
            return false;
        }

        t = t[3..];
        if (t.Length == 0)
        {
            return true; // "UTC"
        }

        var sign = t[0] switch { '+' => 1, '-' => -1, _ => 0 };
        if (sign == 0 || !TimeSpan.TryParseExact(t[1..], @"hh\:mm", CultureInfo.InvariantCulture, out var magnitude))
        {
            return false;
        }

        offset = sign * magnitude;
        return offset >= TimeSpan.FromHours(-14) && offset <= TimeSpan.FromHours(14);
    }

    /// <summary>
    /// The calendar day a cycle's recovery and sleep belong to: the day the person woke up. A cycle starts
    /// at sleep onset (usually the evening before), so the wake day is the date of start + 12 h; the
    /// account's first cycle, starting at 00:00, stays on its own date.
    /// </summary>
    public static DateOnly WakeDay(DateTime cycleStartLocal) => DateOnly.FromDateTime(cycleStartLocal.AddHours(12));

    /// <summary>
    /// The day a cycle's values belong to: the date its sleep ended (its "Wake onset") when it has one, so a
    /// daytime sleep after a night shift or a flight stays on the day it was slept; a cycle with no sleep
    /// (the strap off overnight) belongs to the date of its middle, or while still open to <see cref="WakeDay"/>.
    /// </summary>
    public static DateOnly CycleDay(DateTime start, DateTime? end, DateTime? wake) =>
        wake is { } w ? DateOnly.FromDateTime(w)
        : end is { } e && e > start ? DateOnly.FromDateTime(start + (e - start) / 2)
        : WakeDay(start);
}
