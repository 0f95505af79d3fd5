namespace Bio.Core.Forecasting;

/// <summary>When the daily forecasting cycle runs (configuration section <c>Forecasting</c>).</summary>
public sealed class ForecastingOptions
{
    public const string Section = "Forecasting";

    /// <summary>Local time of day in the person's time zone, after the morning's data has usually arrived.</summary>
    public TimeSpan DailyAt { get; set; } = TimeSpan.FromHours(10);

    /// <summary>How often the cycle runs; a day in production (tests shorten it).</summary>
    public TimeSpan Period { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The first due time after now for <paramref name="zone"/>: the next <see cref="DailyAt"/>, or one period when that is shorter than a day.</summary>
    public TimeSpan FirstDue(DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (Period < TimeSpan.FromDays(1))
        {
            return Period;
        }

        var local = TimeZoneInfo.ConvertTime(now, zone);
        var next = new DateTimeOffset(local.Date + DailyAt, local.Offset);
        if (next <= local)
        {
            next = next.AddDays(1);
        }

        return next - local;
    }
}
