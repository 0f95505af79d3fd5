using System.Globalization;
using System.Net;
using System.Text;
using Bio.Core.Analytics;

namespace Bio.Core.Charts;

/// <summary>
/// Draws a <see cref="ChartSpec"/> as a self-contained SVG: title, labelled axes with ticks, a legend,
/// and each series as points (every point a circle with its value in a tooltip), a line, bars or a
/// shaded band. Lines and bands break across gaps in the data instead of bridging them. Text uses
/// <c>currentColor</c>, so the same SVG reads on light and dark pages; it scales to its container's
/// width (viewBox) and makes no external requests. With no points it says so instead of drawing axes.
/// </summary>
public static class SvgChart
{
    public const int Width = 640;
    public const int Height = 300;
    private const double Left = 58, Right = 16, Top = 48, Bottom = 46;

    /// <summary>The series colours, readable on white and on near-black.</summary>
    public static readonly IReadOnlyList<string> Palette = ["#3b82f6", "#f97316", "#10b981", "#a855f7", "#ef4444", "#eab308"];

    public const string EmptyText = "No data to chart in this range.";

    /// <summary>Lines with at most this many points get a marker on each.</summary>
    public const int MarkedLine = 14;

    public static string Render(ChartSpec spec, string? id = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        id ??= "c" + ((uint)HashCode.Combine(spec.Title, spec.Series.Count)).ToString("x", CultureInfo.InvariantCulture);
        var svg = new StringBuilder(4096);
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"bio-chart\" viewBox=\"0 0 {Width} {Height}\" width=\"100%\" role=\"img\" aria-labelledby=\"{id}-t\" data-kind=\"{Esc(spec.Kind)}\" font-family=\"system-ui, sans-serif\" font-size=\"11\" fill=\"currentColor\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-t\">{Esc(spec.Title)}</title>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"18\" font-size=\"14\" font-weight=\"600\">{Esc(spec.Title)}</text>");

        var series = spec.Series.Where(s => s.Points.Count > 0).ToList();
        if (series.Count == 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"empty\" x=\"{Width / 2}\" y=\"{Height / 2}\" text-anchor=\"middle\" opacity=\"0.7\">{EmptyText}</text></svg>");
            return svg.ToString();
        }

        Legend(svg, spec.Series);
        var plot = new Plot(spec, series);
        plot.Axes(svg, spec);
        for (var i = 0; i < spec.Series.Count; i++)
        {
            var s = spec.Series[i];
            var colour = Colour(spec.Series, i);
            svg.Append(CultureInfo.InvariantCulture, $"<g class=\"series\" data-series=\"{Esc(s.Name)}\" data-points=\"{s.Points.Count}\">");
            switch (s.Kind)
            {
                case "band": plot.Band(svg, s, colour); break;
                case "line": plot.Line(svg, s, colour); break;
                case "bar": plot.Bars(svg, s, colour, i, spec.Series.Count(x => x.Kind == "bar")); break;
                default: plot.Points(svg, s, colour, Faded(spec.Series, i)); break;
            }

            svg.Append("</g>");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>
    /// A series of a measure takes the measure's colour (<see cref="MeasureColours"/>), the same on every
    /// page. Any other series takes its colour by role from the palette's colours no measure of the chart
    /// uses: bands share the first (nested bands, such as 80 % inside 95 %, read darker inside), the rest
    /// take the next in order.
    /// </summary>
    internal static string Colour(IReadOnlyList<ChartSeries> all, int i)
    {
        if (MeasureColours.Of(all[i].Measure) is { } own)
        {
            return own;
        }

        var taken = all.Select(s => MeasureColours.Of(s.Measure)).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var free = Palette.Where(c => !taken.Contains(c)).ToList();
        free = free.Count == 0 ? [.. Palette] : free;
        return all[i].Kind == "band" ? free[0] : free[(all.Take(i).Count(s => s.Kind != "band" && MeasureColours.Of(s.Measure) is null) + 1) % free.Count];
    }

    /// <summary>
    /// True for a measure's nightly dots under a line of the same measure (its 7-day mean): drawn lighter,
    /// so the mean reads on top in the same colour.
    /// </summary>
    internal static bool Faded(IReadOnlyList<ChartSeries> all, int i) =>
        all[i].Kind == "points" && MeasureColours.Of(all[i].Measure) is not null
        && all.Any(s => s.Kind == "line" && s.Measure == all[i].Measure);

    /// <summary>The opacity of a faded series' dots.</summary>
    public const double FadedOpacity = 0.5;

    private static void Legend(StringBuilder svg, IReadOnlyList<ChartSeries> all)
    {
        if (all.Count < 2)
        {
            return;
        }

        var x = Left;
        for (var i = 0; i < all.Count; i++)
        {
            var colour = Colour(all, i);
            var shape = all[i].Kind switch
            {
                "line" => $"<line x1=\"{F(x)}\" y1=\"31\" x2=\"{F(x + 14)}\" y2=\"31\" stroke=\"{colour}\" stroke-width=\"2\"/>",
                "band" => $"<rect x=\"{F(x)}\" y=\"26\" width=\"14\" height=\"10\" fill=\"{colour}\" fill-opacity=\"0.25\"/>",
                "bar" => $"<rect x=\"{F(x)}\" y=\"26\" width=\"14\" height=\"10\" fill=\"{colour}\"/>",
                _ => $"<circle cx=\"{F(x + 7)}\" cy=\"31\" r=\"3\" fill=\"{colour}\"/>",
            };
            svg.Append(shape).Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x + 18)}\" y=\"35\">{Esc(all[i].Name)}</text>");
            x += 30 + (all[i].Name.Length * 6.2);
        }
    }

    /// <summary>Scales from data to the plot area.</summary>
    private sealed class Plot
    {
        private readonly bool categorical;
        private readonly List<string> categories = [];
        private readonly double x0, x1, y0, y1, step;
        private readonly Dictionary<double, string> labels = [];

        public Plot(ChartSpec spec, List<ChartSeries> series)
        {
            categorical = spec.Kind == "bar" || series.Any(s => s.Kind == "bar");
            var ys = series.SelectMany(s => s.Points.SelectMany(p => p.Low is { } low ? new[] { p.Y, low } : [p.Y])).Where(double.IsFinite).ToList();
            if (categorical)
            {
                categories = [.. series.SelectMany(s => s.Points.Select((p, i) => p.Label ?? (i + 1).ToString(CultureInfo.InvariantCulture))).Distinct(StringComparer.Ordinal)];
                ys.Add(0);
            }
            else
            {
                // A scatter's x is a number (its labels name the points); elsewhere labelled x is a date axis.
                foreach (var s in spec.Kind == "scatter" ? [] : series)
                {
                    for (var i = 0; i < s.Points.Count; i++)
                    {
                        if (s.Points[i].Label is { } label)
                        {
                            labels.TryAdd(XOf(s.Points[i], i), label);
                        }
                    }
                }

                var xs = series.SelectMany(s => s.Points.Select((p, i) => XOf(p, i))).ToList();
                (x0, x1) = Pad(xs.Min(), xs.Max(), 0);
                var sorted = xs.Distinct().Order().ToList();
                var gaps = sorted.Zip(sorted.Skip(1), (a, b) => b - a).Order().ToList();
                step = gaps.Count == 0 ? 1 : gaps[gaps.Count / 2];
            }

            (y0, y1) = ys.Count == 0 ? (0, 1) : Pad(ys.Min(), ys.Max(), 0.06);
            if (categorical && ys.All(y => y >= 0))
            {
                y0 = 0;
            }
        }

        private static double XOf(ChartPoint p, int index) => p.X ?? index;

        private static (double, double) Pad(double lo, double hi, double fraction)
        {
            if (hi - lo < 1e-9)
            {
                var d = Math.Abs(lo) < 1e-9 ? 1 : Math.Abs(lo) * 0.1;
                return (lo - d, hi + d);
            }

            var pad = (hi - lo) * fraction;
            return (lo - pad, hi + pad);
        }

        private static double PlotWidth => Width - Left - Right;

        private static double PlotHeight => Height - Top - Bottom;

        private double Sx(double x) => Left + ((x - x0) / (x1 - x0) * PlotWidth);

        private double Sy(double y) => Top + PlotHeight - ((y - y0) / (y1 - y0) * PlotHeight);

        private double Cx(string category) => Left + ((categories.IndexOf(category) + 0.5) * PlotWidth / categories.Count);

        public void Axes(StringBuilder svg, ChartSpec spec)
        {
            var bottom = Top + PlotHeight;
            foreach (var t in NiceTicks(y0, y1, 5))
            {
                var y = Sy(t.Value);
                svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{F(y)}\" x2=\"{Width - Right}\" y2=\"{F(y)}\" stroke=\"currentColor\" stroke-opacity=\"0.12\"/>");
                svg.Append(CultureInfo.InvariantCulture, $"<text class=\"tick y\" x=\"{Left - 6}\" y=\"{F(y + 4)}\" text-anchor=\"end\">{t.Text}</text>");
            }

            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{F(bottom)}\" x2=\"{Width - Right}\" y2=\"{F(bottom)}\" stroke=\"currentColor\" stroke-opacity=\"0.4\"/>");
            if (categorical)
            {
                var every = Math.Max(1, (int)Math.Ceiling(categories.Count / 8.0));
                for (var i = 0; i < categories.Count; i += every)
                {
                    svg.Append(CultureInfo.InvariantCulture, $"<text class=\"tick x\" x=\"{F(Cx(categories[i]))}\" y=\"{F(bottom + 15)}\" text-anchor=\"middle\">{Esc(Short(categories[i], 18))}</text>");
                }
            }
            else
            {
                foreach (var t in XTicks())
                {
                    // Labels at the very ends stay inside the picture.
                    var x = Sx(t.Value);
                    var anchor = x < Left + 30 ? "start" : x > Width - Right - 30 ? "end" : "middle";
                    svg.Append(CultureInfo.InvariantCulture, $"<text class=\"tick x\" x=\"{F(x)}\" y=\"{F(bottom + 15)}\" text-anchor=\"{anchor}\">{Esc(t.Text)}</text>");
                }
            }

            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis-label x\" x=\"{F(Left + (PlotWidth / 2))}\" y=\"{Height - 8}\" text-anchor=\"middle\" opacity=\"0.8\">{Esc(spec.XLabel)}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis-label y\" transform=\"translate(13 {F(Top + (PlotHeight / 2))}) rotate(-90)\" text-anchor=\"middle\" opacity=\"0.8\">{Esc(spec.YLabel)}</text>");
        }

        private IEnumerable<(double Value, string Text)> XTicks()
        {
            if (labels.Count > 0)
            {
                // Date-like labels: about six evenly spread, each the label of the nearest point.
                var keys = labels.Keys.Order().ToList();
                var n = keys.Count <= 8 ? keys.Count : 6;
                var picked = Enumerable.Range(0, n).Select(i => keys[n == 1 ? 0 : (int)Math.Round(i * (keys.Count - 1) / (double)(n - 1))]).Distinct();
                return picked.Select(k => (k, labels[k]));
            }

            return NiceTicks(x0, x1, 6);
        }

        public void Points(StringBuilder svg, ChartSeries s, string colour, bool faded = false)
        {
            var opacity = faded ? FormattableString.Invariant($" fill-opacity=\"{FadedOpacity}\"") : "";
            for (var i = 0; i < s.Points.Count; i++)
            {
                var p = s.Points[i];
                if (!double.IsFinite(p.Y))
                {
                    continue;
                }

                var cx = categorical ? Cx(p.Label ?? (i + 1).ToString(CultureInfo.InvariantCulture)) : Sx(XOf(p, i));
                svg.Append(CultureInfo.InvariantCulture, $"<circle class=\"point\" cx=\"{F(cx)}\" cy=\"{F(Sy(p.Y))}\" r=\"2.6\" fill=\"{colour}\"{opacity}><title>{Esc(Tip(s, p, i))}</title></circle>");
            }
        }

        public void Line(StringBuilder svg, ChartSeries s, string colour)
        {
            foreach (var run in Runs(s))
            {
                if (run.Count == 1)
                {
                    var (x, p) = run[0];
                    svg.Append(CultureInfo.InvariantCulture, $"<circle class=\"point\" cx=\"{F(Sx(x))}\" cy=\"{F(Sy(p.Y))}\" r=\"2\" fill=\"{colour}\"><title>{Esc(Tip(s, p, 0))}</title></circle>");
                    continue;
                }

                var d = string.Join(" ", run.Select((r, i) => $"{(i == 0 ? 'M' : 'L')}{F(Sx(r.X))},{F(Sy(r.P.Y))}"));
                svg.Append(CultureInfo.InvariantCulture, $"<path class=\"line\" d=\"{d}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" stroke-linejoin=\"round\"/>");
                if (s.Points.Count <= MarkedLine)
                {
                    // A short line (a week's forecast, four weeks' means) marks each value, with its tooltip.
                    foreach (var (x, p) in run)
                    {
                        svg.Append(CultureInfo.InvariantCulture, $"<circle class=\"marker\" cx=\"{F(Sx(x))}\" cy=\"{F(Sy(p.Y))}\" r=\"3\" fill=\"{colour}\"><title>{Esc(Tip(s, p, 0))}</title></circle>");
                    }
                }
            }
        }

        public void Band(StringBuilder svg, ChartSeries s, string colour)
        {
            foreach (var run in Runs(s))
            {
                var upper = run.Select(r => (r.X, r.P.Y)).ToList();
                var lower = run.Select(r => (r.X, Y: r.P.Low ?? r.P.Y)).Reverse().ToList();
                if (run.Count == 1)
                {
                    // One day: a short bar so the range is still visible.
                    upper = [(run[0].X - (step * 0.3), run[0].P.Y), (run[0].X + (step * 0.3), run[0].P.Y)];
                    lower = [(run[0].X + (step * 0.3), run[0].P.Low ?? run[0].P.Y), (run[0].X - (step * 0.3), run[0].P.Low ?? run[0].P.Y)];
                }

                var d = "M" + string.Join(" L", upper.Concat(lower).Select(q => $"{F(Sx(q.X))},{F(Sy(q.Y))}")) + " Z";
                svg.Append(CultureInfo.InvariantCulture, $"<path class=\"band\" d=\"{d}\" fill=\"{colour}\" fill-opacity=\"0.18\" stroke=\"none\"><title>{Esc(s.Name)}</title></path>");
            }
        }

        public void Bars(StringBuilder svg, ChartSeries s, string colour, int index, int bars)
        {
            var slot = PlotWidth / categories.Count;
            var width = slot * 0.7 / Math.Max(1, bars);
            var barIndex = Math.Min(index, Math.Max(0, bars - 1));
            for (var i = 0; i < s.Points.Count; i++)
            {
                var p = s.Points[i];
                if (!double.IsFinite(p.Y))
                {
                    continue;
                }

                var category = p.Label ?? (i + 1).ToString(CultureInfo.InvariantCulture);
                var x = Cx(category) - (slot * 0.35) + (barIndex * width);
                var (top, bottom) = (Sy(Math.Max(p.Y, 0)), Sy(Math.Min(p.Y, 0)));
                svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"bar\" x=\"{F(x)}\" y=\"{F(top)}\" width=\"{F(width)}\" height=\"{F(Math.Max(0.5, bottom - top))}\" fill=\"{colour}\"><title>{Esc(Tip(s, p, i))}</title></rect>");
            }
        }

        /// <summary>
        /// The points in x order, split wherever the gap is more than 1.5 of the series' own usual step (a
        /// missing day in a daily series); a sparse series such as a fitted line is one run.
        /// </summary>
        private static List<List<(double X, ChartPoint P)>> Runs(ChartSeries s)
        {
            var ordered = s.Points.Select((p, i) => (X: XOf(p, i), P: p)).Where(q => double.IsFinite(q.P.Y)).OrderBy(q => q.X).ToList();
            var gaps = ordered.Zip(ordered.Skip(1), (a, b) => b.X - a.X).Where(g => g > 0).Order().ToList();
            var usual = gaps.Count == 0 ? double.PositiveInfinity : gaps[gaps.Count / 2];
            var runs = new List<List<(double, ChartPoint)>>();
            List<(double X, ChartPoint P)>? current = null;
            foreach (var (x, p) in ordered)
            {
                if (current is null || x - current[^1].X > usual * 1.5)
                {
                    current = [];
                    runs.Add(current);
                }

                current.Add((x, p));
            }

            return runs;
        }

        private static string Tip(ChartSeries s, ChartPoint p, int i)
        {
            var at = p.Label ?? (p.X ?? i).ToString("0.##", CultureInfo.InvariantCulture);
            var value = p.Low is { } low ? $"{Num(low)}–{Num(p.Y)}" : Num(p.Y);
            return $"{s.Name}, {at}: {value}";
        }
    }

    /// <summary>Round tick values (1, 2 or 5 times a power of ten) covering [lo, hi].</summary>
    public static IReadOnlyList<(double Value, string Text)> NiceTicks(double lo, double hi, int count)
    {
        var span = hi - lo;
        if (!(span > 0) || !double.IsFinite(span))
        {
            return [(lo, Num(lo))];
        }

        var raw = span / Math.Max(1, count);
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1.0, 2, 2.5, 5, 10 }.Select(m => m * magnitude).First(s => s >= raw);
        var decimals = Math.Max(0, -(int)Math.Floor(Math.Log10(step) + 1e-9));
        var ticks = new List<(double, string)>();
        for (var v = Math.Ceiling(lo / step) * step; v <= hi + (step * 1e-9); v += step)
        {
            var rounded = Math.Round(v, decimals + 1);
            ticks.Add((rounded, rounded.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)));
        }

        return ticks;
    }

    private static string Num(double v) => Math.Abs(v) >= 100 ? v.ToString("0", CultureInfo.InvariantCulture) : v.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Short(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Esc(string text) => WebUtility.HtmlEncode(text);
}
