using System.Globalization;
using Bio.Core.Analytics;

namespace Bio.Web.Components.Charts;

/// <summary>
/// Builds chart series over dates: x is the date's day number (<see cref="DateOnly.DayNumber"/>), which the
/// dashboard's chart script turns back into the date on its axis; the label names the date.
/// </summary>
public static class DateSeries
{
    public static string Label(DateOnly d) => d.ToString("MMM d", CultureInfo.InvariantCulture);

    public static string LongLabel(DateOnly d) => d.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    public static ChartSeries Of<T>(string name, string kind, IEnumerable<T> rows, Func<T, DateOnly> date, Func<T, double?> y, Func<T, double?>? low = null, bool longLabels = false, string? measure = null) =>
        new(name, kind, [.. rows.Select(r => (r, Y: y(r), Low: low?.Invoke(r)))
            .Where(p => p.Y is { } v && double.IsFinite(v) && (low is null || p.Low is not null))
            .Select(p => new ChartPoint(date(p.r).DayNumber, longLabels ? LongLabel(date(p.r)) : Label(date(p.r)), p.Y!.Value, p.Low))], measure);
}
