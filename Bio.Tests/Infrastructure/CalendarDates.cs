using System.Globalization;

namespace Bio.Tests.Infrastructure;

/// <summary>
/// The "todays" that calendar-sensitive tests run at: an instant and the person's time zone. Each is a
/// date where a day, a week or a local time is easy to get wrong: Monday just before and after the
/// weekly report's 07:00 far east and far west of UTC, both European and both US clock changes, the end
/// of a year, a leap day, the first of a month whose UTC date is still the month before, a week whose
/// Monday is New Year's Day, and the day main went red because a test followed the calendar.
/// </summary>
public static class CalendarDates
{
    public static TheoryData<string, string> All => new()
    {
        { "2026-12-02T06:00:00Z", "UTC" },                 // Wednesday: the day the weekly report test failed on main
        { "2026-12-06T17:59:00Z", "Pacific/Auckland" },    // Monday 7 December 06:59 NZDT (UTC+13): still Sunday in UTC
        { "2026-12-06T18:01:00Z", "Pacific/Auckland" },    // Monday 07:01 NZDT
        { "2026-12-07T14:59:00Z", "America/Los_Angeles" }, // Monday 06:59 PST (UTC-8)
        { "2026-12-07T15:01:00Z", "America/Los_Angeles" }, // Monday 07:01 PST
        { "2027-03-28T10:00:00Z", "Europe/Berlin" },       // Sunday: clocks go forward in Europe (CET to CEST at 01:00 UTC)
        { "2026-10-25T10:00:00Z", "Europe/Berlin" },       // Sunday: clocks go back in Europe
        { "2027-03-14T18:00:00Z", "America/Los_Angeles" }, // Sunday: clocks go forward in the US
        { "2026-11-01T18:00:00Z", "America/Los_Angeles" }, // Sunday: clocks go back in the US
        { "2027-01-01T04:00:00Z", "America/Los_Angeles" }, // 31 December 20:00 local, already the new year in UTC
        { "2028-02-29T12:00:00Z", "UTC" },                 // a leap day
        { "2027-03-31T22:30:00Z", "Europe/Berlin" },       // 1 April 00:30 local, still 31 March in UTC
        { "2029-01-08T07:30:00Z", "Europe/London" },       // Monday after the week whose Monday is 1 January 2029
    };

    public static DateTimeOffset Instant(string at) => DateTimeOffset.Parse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    /// <summary>The local date at <paramref name="at"/> in <paramref name="timeZone"/>.</summary>
    public static DateOnly LocalDate(DateTimeOffset at, string timeZone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById(timeZone)).DateTime);
}
