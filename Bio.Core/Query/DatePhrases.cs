using System.Globalization;
using System.Text.RegularExpressions;

namespace Bio.Core.Query;

/// <summary>Which days of the week a question is about.</summary>
public enum DayFilter
{
    All,
    Weekends,
    Weekdays,
}

/// <summary>A date range found in a question (both ends inclusive), the words it came from, and a day-of-week filter.</summary>
public sealed record DateRange(DateOnly From, DateOnly To, string Phrase, DayFilter Days = DayFilter.All, bool Rolling = false)
{
    /// <summary>The range of the same length just before this one ("and the week before?").</summary>
    public DateRange Before() => new(From.AddDays(-(To.DayNumber - From.DayNumber + 1)), From.AddDays(-1), $"the period before {Phrase}", Days);

    /// <summary>The SQL condition on a date column for this range (and its day filter).</summary>
    public string Sql(string column)
    {
        var condition = $"{column} BETWEEN DATE '{From:yyyy-MM-dd}' AND DATE '{To:yyyy-MM-dd}'";
        return Days switch
        {
            DayFilter.Weekends => $"{condition} AND isodow({column}) >= 6",
            DayFilter.Weekdays => $"{condition} AND isodow({column}) <= 5",
            _ => condition,
        };
    }
}

/// <summary>
/// Reads the date phrases people use in questions about their data, relative to their "today":
/// today, yesterday, this/last week (ISO weeks, Monday first), this/last month, this/last year,
/// last/past N days/weeks/months, since a month name or a date, in a month (the latest one not in the
/// future, or with a year), in a year, between two dates, on a date; and "on weekends" / "on weekdays".
/// </summary>
public static partial class DatePhrases
{
    private static readonly string[] Months = CultureInfo.InvariantCulture.DateTimeFormat.MonthNames[..12];

    /// <summary>"lately", "recently": the last 30 days (of the person's data, when it ends before today).</summary>
    public const string Recently = "recently";

    /// <summary>The phrase of a range that names days of the week ("on weekends") but no period.</summary>
    public const string DaysOnly = "";

    /// <summary>The range the question names, or null when it names none.</summary>
    public static DateRange? Parse(string question, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(question);
        var q = question.ToLowerInvariant();
        var days = WeekendWords().IsMatch(q) ? DayFilter.Weekends : WeekdayWords().IsMatch(q) ? DayFilter.Weekdays : DayFilter.All;
        var range = Find(q, today);
        if (range is null && days != DayFilter.All)
        {
            // "on weekends" with no period: the days, over all the data (the caller knows where it starts).
            range = new DateRange(DateOnly.MinValue, today, DaysOnly);
        }

        return range is null ? null : range with { Days = days };
    }

    private static DateRange? Find(string q, DateOnly today)
    {
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        if (Between().Match(q) is { Success: true } between &&
            TryDate(between.Groups[1].Value, today, out var a) && TryDate(between.Groups[2].Value, today, out var b))
        {
            return new DateRange(a <= b ? a : b, a <= b ? b : a, between.Value);
        }

        // "last week" and "last month" are calendar periods; "past week", "last 7 days" roll.
        if (LastN().Match(q) is { Success: true } lastN &&
            !(lastN.Value.StartsWith("last", StringComparison.Ordinal) && !lastN.Groups[1].Success && !lastN.Groups[2].Value.StartsWith("day", StringComparison.Ordinal)))
        {
            var n = lastN.Groups[1].Success ? Number(lastN.Groups[1].Value) : 1;
            var unit = lastN.Groups[2].Value;
            var length = unit.StartsWith("day", StringComparison.Ordinal) ? n : unit.StartsWith("week", StringComparison.Ordinal) ? 7 * n : 0;
            var from = length > 0 ? today.AddDays(-(length - 1)) : today.AddMonths(-n).AddDays(1);
            return new DateRange(from, today, lastN.Value, Rolling: true);
        }

        if (Since().Match(q) is { Success: true } since && TryDate(since.Groups[1].Value, today, out var start))
        {
            return new DateRange(start, today, since.Value);
        }

        if (InMonth().Match(q) is { Success: true } month)
        {
            var m = MonthIndex(month.Groups[1].Value) + 1;
            var year = month.Groups[2].Success ? int.Parse(month.Groups[2].Value, CultureInfo.InvariantCulture) : (m <= today.Month ? today.Year : today.Year - 1);
            var first = new DateOnly(year, m, 1);
            var last = first.AddMonths(1).AddDays(-1);
            return new DateRange(first, last < today || month.Groups[2].Success ? last : today, month.Value.Trim());
        }

        if (InYear().Match(q) is { Success: true } inYear)
        {
            var year = int.Parse(inYear.Groups[1].Value, CultureInfo.InvariantCulture);
            var last = new DateOnly(year, 12, 31);
            return new DateRange(new DateOnly(year, 1, 1), last < today ? last : today, inYear.Value.Trim());
        }

        (string Words, DateRange Range)[] fixedPhrases =
        [
            ("the week before last", new DateRange(monday.AddDays(-14), monday.AddDays(-8), "the week before last")),
            ("last week", new DateRange(monday.AddDays(-7), monday.AddDays(-1), "last week")),
            ("this week", new DateRange(monday, today, "this week")),
            ("last month", new DateRange(new DateOnly(today.Year, today.Month, 1).AddMonths(-1), new DateOnly(today.Year, today.Month, 1).AddDays(-1), "last month")),
            ("this month", new DateRange(new DateOnly(today.Year, today.Month, 1), today, "this month")),
            ("last year", new DateRange(new DateOnly(today.Year - 1, 1, 1), new DateOnly(today.Year - 1, 12, 31), "last year")),
            ("this year", new DateRange(new DateOnly(today.Year, 1, 1), today, "this year")),
            ("yesterday", new DateRange(today.AddDays(-1), today.AddDays(-1), "yesterday")),
            ("today", new DateRange(today, today, "today")),
            ("last night", new DateRange(today, today, "last night")),
            ("lately", new DateRange(today.AddDays(-29), today, Recently)),
            ("recently", new DateRange(today.AddDays(-29), today, Recently)),
        ];
        foreach (var (words, range) in fixedPhrases)
        {
            if (Regex.IsMatch(q, $@"\b{words}\b"))
            {
                return range;
            }
        }

        if (OnDate().Match(q) is { Success: true } on && TryDate(on.Groups[1].Value, today, out var day))
        {
            return new DateRange(day, day, on.Value.Trim());
        }

        if (SlashDate().Match(q) is { Success: true } slashed && Slashed(slashed) is { } written)
        {
            return new DateRange(written, written, "on " + written.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        if (IsoDate().Match(q) is { Success: true } iso && DateOnly.TryParseExact(iso.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var isoDay))
        {
            return new DateRange(isoDay, isoDay, "on " + iso.Value);
        }

        return null;
    }

    /// <summary>An ISO date, "march 3", "3 march" or a month name alone (its first day, the latest not in the future).</summary>
    private static bool TryDate(string text, DateOnly today, out DateOnly date)
    {
        text = text.Trim();
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            return true;
        }

        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        int? dayOfMonth = parts.Select(p => int.TryParse(p.TrimEnd('s', 't', 'n', 'd', 'r', 'h'), out var d) ? d : (int?)null).FirstOrDefault(d => d is >= 1 and <= 31);
        var monthIndex = parts.Select(p => MonthIndex(p.TrimEnd('.'))).FirstOrDefault(i => i >= 0, -1);
        if (monthIndex < 0)
        {
            date = default;
            return false;
        }

        var year = monthIndex + 1 <= today.Month ? today.Year : today.Year - 1;
        var candidate = new DateOnly(year, monthIndex + 1, Math.Min(dayOfMonth ?? 1, DateTime.DaysInMonth(year, monthIndex + 1)));
        date = candidate > today ? candidate.AddYears(-1) : candidate;
        return true;
    }

    /// <summary>0-11 for a month's name or its three- (or "sept") letter abbreviation; -1 otherwise.</summary>
    private static int MonthIndex(string word)
    {
        var full = Array.IndexOf(Months, Capitalize(word));
        return full >= 0 ? full
            : word.Length >= 3 && MonthAbbreviations.Split('|').Contains(word) ? Array.FindIndex(Months, m => m.StartsWith(Capitalize(word[..3]), StringComparison.Ordinal))
            : -1;
    }

    /// <summary>
    /// "10/25/2021" (month first, as US exports and people in the US write it) or "25/10/2021" (day first, when
    /// the first number cannot be a month); the answer gives the date it read in ISO form.
    /// </summary>
    private static DateOnly? Slashed(Match m)
    {
        var a = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        var b = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
        var y = int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
        y = y < 100 ? 2000 + y : y;
        var (month, day) = a > 12 ? (b, a) : (a, b);
        return month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(y, month) ? new DateOnly(y, month, day) : null;
    }

    private static int Number(string text) => text switch
    {
        "a" or "one" => 1, "two" => 2, "three" => 3, "four" => 4, "five" => 5, "six" => 6, "seven" => 7, "eight" => 8, "nine" => 9, "ten" => 10,
        "fourteen" => 14, "thirty" => 30, "ninety" => 90,
        _ => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 1,
    };

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    private const string MonthNames = "january|february|march|april|may|june|july|august|september|october|november|december";

    private const string MonthAbbreviations = "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec";

    [GeneratedRegex(@"\b(?:last|past|previous)\s+(?:(\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|fourteen|thirty|ninety)\s+)?(days?|weeks?|months?)\b")]
    private static partial Regex LastN();

    [GeneratedRegex(@"\bsince\s+(\d{4}-\d{2}-\d{2}|(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:" + MonthNames + @")(?:\s+\d{1,2}(?:st|nd|rd|th)?)?)\b")]
    private static partial Regex Since();

    [GeneratedRegex(@"\b(?:in|during|for|throughout)\s+(" + MonthNames + "|" + MonthAbbreviations + @")\.?(?:\s+(\d{4}))?\b")]
    private static partial Regex InMonth();

    [GeneratedRegex(@"\b(?:in|during|for|throughout)\s+((?:19|20)\d{2})\b")]
    private static partial Regex InYear();

    [GeneratedRegex(@"\bbetween\s+(\d{4}-\d{2}-\d{2}|(?:\d{1,2}\s+)?(?:" + MonthNames + @")(?:\s+\d{1,2})?)\s+and\s+(\d{4}-\d{2}-\d{2}|(?:\d{1,2}\s+)?(?:" + MonthNames + @")(?:\s+\d{1,2})?)\b")]
    private static partial Regex Between();

    [GeneratedRegex(@"\b(?:on|for)\s+(\d{4}-\d{2}-\d{2}|(?:" + MonthNames + "|" + MonthAbbreviations + @")\.?\s+\d{1,2}(?:st|nd|rd|th)?|\d{1,2}(?:st|nd|rd|th)?\s+(?:" + MonthNames + "|" + MonthAbbreviations + @"))\b")]
    private static partial Regex OnDate();

    /// <summary>A date written with slashes, "10/25/2021" or "25/10/21".</summary>
    [GeneratedRegex(@"\b(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})\b")]
    private static partial Regex SlashDate();

    /// <summary>An ISO date on its own ("hrv 2021-10-25"), when no other phrase took it.</summary>
    [GeneratedRegex(@"\b(\d{4}-\d{2}-\d{2})\b")]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"\b(?:on\s+)?weekends?\b|\bsaturdays? and sundays?\b")]
    private static partial Regex WeekendWords();

    [GeneratedRegex(@"(?<!\b(?:per|by|each|every|which|what) )\b(?:on\s+)?weekdays?\b(?! by)|\bworkdays?\b")]
    private static partial Regex WeekdayWords();
}
