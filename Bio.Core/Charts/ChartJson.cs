using System.Text.Json;
using Bio.Core.Analytics;

namespace Bio.Core.Charts;

/// <summary>
/// A <see cref="ChartSpec"/> as the JSON the dashboard's chart script draws interactively (a value under
/// the pointer or finger, zoom, series toggles), beside the server's SVG of the same spec, which it
/// replaces when the script runs. Each point is [x, y, low, label]; x is the point's X (or its index),
/// and a chart over dates built by the dashboard carries each date as its day number (days since
/// 1 January of year 1, <see cref="DateOnly.DayNumber"/>), so the script can name any day on its axis.
/// Colours are the SVG's; nothing else is decided here.
/// </summary>
public static class ChartJson
{
    /// <summary>The spec as JSON, safe inside a &lt;script type="application/json"&gt; element.</summary>
    public static string Of(ChartSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var categorical = spec.Kind == "bar" || spec.Series.Any(s => s.Kind == "bar");
        var model = new
        {
            kind = spec.Kind,
            title = spec.Title,
            xLabel = spec.XLabel,
            yLabel = spec.YLabel,
            categorical,
            series = spec.Series.Select((s, i) => new
            {
                name = s.Name,
                kind = s.Kind,
                colour = SvgChart.Colour(spec.Series, i),
                measure = s.Measure,
                faded = SvgChart.Faded(spec.Series, i),
                points = s.Points.Select((p, j) => new object?[]
                {
                    categorical ? null : p.X ?? j, Finite(p.Y), p.Low is { } low ? Finite(low) : null, p.Label,
                }).Where(p => p[1] is not null),
            }),
        };

        // The serializer escapes <, > and & as \u003C..., so the text cannot close its script element.
        return JsonSerializer.Serialize(model);
    }

    private static double? Finite(double v) => double.IsFinite(v) ? Math.Round(v, 4) : null;
}
