namespace Bio.Core.Reports;

/// <summary>When the weekly report is generated (configuration section <c>Reports</c>).</summary>
public sealed class ReportOptions
{
    public const string Section = "Reports";

    /// <summary>Day of the week, in the person's time zone.</summary>
    public DayOfWeek Day { get; set; } = DayOfWeek.Monday;

    /// <summary>Local time of day.</summary>
    public TimeSpan At { get; set; } = TimeSpan.FromHours(7);

    /// <summary>How often the reminder ticks; a week in production (tests shorten it).</summary>
    public TimeSpan Period { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How long from <paramref name="now"/> until the next <see cref="Day"/> at <see cref="At"/> in
    /// <paramref name="zone"/>, with that day's own UTC offset (so a clock change in between does not move
    /// it); one period when that is shorter than a day.
    /// </summary>
    public TimeSpan NextDue(DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (Period < TimeSpan.FromDays(1))
        {
            return Period;
        }

        var local = TimeZoneInfo.ConvertTime(now, zone).DateTime;
        var days = ((int)Day - (int)local.DayOfWeek + 7) % 7;
        var next = local.Date.AddDays(days) + At;
        if (next <= local)
        {
            next = next.AddDays(7);
        }

        // A local time skipped by a spring-forward change is taken an hour later.
        while (zone.IsInvalidTime(next))
        {
            next = next.AddHours(1);
        }

        var due = new DateTimeOffset(next, zone.GetUtcOffset(next));
        return due - now;
    }
}
