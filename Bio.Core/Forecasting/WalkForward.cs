namespace Bio.Core.Forecasting;

/// <summary>
/// Settings of the walk-forward forecaster, chosen by walk-forward evidence on real and synthetic people
/// (docs/benchmarks.md, "Forecasts that beat the baselines"); recorded with what it serves.
/// </summary>
public sealed record WalkForwardSettings(
    double Ridge = 10, double Discount = 0.997, double ErrorHalfLifeDays = 60, int MinScoredForModel = 45, int MinScoredForBaseline = 14,
    int CalibrationSize = 120, int MinCalibration = 20, double MaxDeviation = 0.8, double Power = 4);

/// <summary>
/// One forecast of the walk-forward run, in ln ms: from the end of day <see cref="Origin"/> for the morning
/// <see cref="Horizon"/> days later. Each candidate (the 7-day mean, the latest reading, the deviation
/// model and the longer-run level) is computed from what was known at the origin; the served forecast
/// combines them, each weighted by its recent out-of-sample accuracy (the weights given here; the 7-day
/// mean's is the rest), and its
/// split-conformal half-widths (ln ms) come from its own earlier out-of-sample errors. Actual is null when
/// the morning has no reading (or has not come yet).
/// </summary>
public sealed record WalkForwardPoint(
    int Origin, int Horizon, double? Actual, double Mean7, double Persistence, double? Model,
    string Method, double Served, double? Q80, double? Q95, double WeightPersistence = 0, double WeightModel = 0,
    double? Smoothed = null, double WeightSmoothed = 0);

/// <summary>
/// HRV forecasting as one causal pass over a person's history (DESIGN §7, issue 19): at every day t it
/// (1) adds the pairs whose morning t has just come to a ridge regression per horizon and scores the
/// forecasts made for t, (2) forecasts days t+1..t+7 with every candidate (the 7-day mean, the latest
/// reading, the deviation model and the longer-run level, <see cref="ForecastFeatures.Smoothed"/>), and (3) serves their
/// combination weighted by 1 / MSE^4 over the forecasts already scored (discounted, half-life 60 days;
/// Bates and Granger 1969). Nothing at origin t reads a day after t, so every forecast of the pass is out
/// of sample: the pass is the backtest, and its last origin is the live forecast. Linear in the history
/// (ten years in well under a second), deterministic, nothing to store but the log.
/// <para>
/// The deviation model learns ln HRV(t+h) - mean7(t), the deviation of the morning from the person's
/// recent level, from: the latest two readings' deviations, the 7-day level against the 28- and 90-day
/// levels (mean reversion), the target's weekday, resting HR and sleep against their 28-day means,
/// alcohol logged, a recent illness signal and training form. It is a ridge regression (exponentially
/// discounted, so an old season weighs less) shrunk towards zero, i.e. towards the 7-day mean: with
/// little history it is the 7-day mean, and it moves away only as far as the data carry it.
/// </para>
/// <para>
/// Until the latest reading and the longer-run level have 14 scored forecasts, the 7-day mean serves
/// alone (labelled as such); the model joins after 45. Selecting the single best candidate instead of
/// combining was tried and was worse on real people (switching follows noise). The longer-run level
/// joined on 2026-12-06: on fifteen real series it took the pooled next-day error from 0.972 to 0.958
/// of the 7-day mean's and made none of them worse than the better naive (docs/benchmarks.md).
/// </para>
/// </summary>
public static class WalkForward
{
    public const int MaxHorizon = 7;

    /// <summary>The candidates combined.</summary>
    public static readonly string[] Candidates = [ForecastMethods.Mean7, ForecastMethods.Persistence, ForecastMethods.Model, ForecastMethods.Smoothed];

    /// <summary>The names of the deviation model's inputs, in the order of its coefficients.</summary>
    public static readonly string[] FeatureNames =
    [
        "intercept", "latest_vs_level", "previous_vs_level", "level_vs_28d", "level_vs_90d",
        "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "resting_hr_vs_28d", "sleep_vs_28d", "alcohol_logged_today", "illness_signal_last_3d", "form",
    ];

    private static int P => FeatureNames.Length;

    /// <summary>How a person reads each input, for narratives.</summary>
    public static string Label(string name) => name switch
    {
        "intercept" => "your usual morning-to-morning drift",
        "latest_vs_level" => "your latest reading against your 7-day level",
        "previous_vs_level" => "the reading before it",
        "level_vs_28d" => "your 7-day level against your 28-day level",
        "level_vs_90d" => "your 7-day level against your 90-day level",
        "tuesday" or "wednesday" or "thursday" or "friday" or "saturday" or "sunday" => $"{char.ToUpperInvariant(name[0])}{name[1..]} mornings",
        "resting_hr_vs_28d" => "resting HR against your 28-day mean",
        "sleep_vs_28d" => "last night's sleep against your 28-day mean",
        "alcohol_logged_today" => "alcohol logged today",
        "illness_signal_last_3d" => "a recent illness signal",
        "form" => "your training form",
        "longer_run_vs_level" => "your longer-run level against your 7-day level",
        _ => name.Replace('_', ' '),
    };

    /// <summary>Runs the pass; the points are ordered by origin, then horizon.</summary>
    public static WalkForwardRun Run(ForecastFeatures features, WalkForwardSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        settings ??= new WalkForwardSettings();
        var n = features.Length;
        var inputs = Inputs.Of(features);
        var k = Candidates.Length;
        var a = new double[MaxHorizon][];
        var b = new double[MaxHorizon][];
        var errors = new RollingErrors[MaxHorizon];
        for (var h = 0; h < MaxHorizon; h++)
        {
            a[h] = new double[P * P];
            b[h] = new double[P];
            errors[h] = new RollingErrors(settings.CalibrationSize);
        }

        var beta = new double[P];
        var work = new double[P * P];
        var decay = Math.Pow(0.5, 1 / settings.ErrorHalfLifeDays);
        // Discounted squared error (ln ms) and weight per horizon and candidate; scored counts.
        var squared = new double[MaxHorizon, k];
        var weight = new double[MaxHorizon, k];
        var scored = new int[MaxHorizon, k];
        var mean7Errors = Enumerable.Range(0, MaxHorizon).Select(_ => new RollingErrors(settings.CalibrationSize)).ToArray();
        var issued = new WalkForwardPoint?[n, MaxHorizon];
        var points = new List<WalkForwardPoint>(n * MaxHorizon);
        for (var t = 0; t < n; t++)
        {
            // Day t is known now: the pairs whose target is t enter the models and score the forecasts for t.
            for (var h = 1; h <= MaxHorizon; h++)
            {
                for (var c = 0; c < k; c++)
                {
                    squared[h - 1, c] *= decay;
                    weight[h - 1, c] *= decay;
                }

                Scale(a[h - 1], b[h - 1], settings.Discount);
                var o = t - h;
                if (o < 0 || features.Actual(t) is not { } actual)
                {
                    continue;
                }

                if (inputs.Row(o, h) is { } x && features.Level(o) is { } level)
                {
                    AddPair(a[h - 1], b[h - 1], x, Math.Clamp(actual - level, -settings.MaxDeviation, settings.MaxDeviation));
                }

                if (issued[o, h - 1] is { } p)
                {
                    errors[h - 1].Add(Math.Abs(actual - p.Served));
                    mean7Errors[h - 1].Add(Math.Abs(actual - p.Mean7));
                    for (var c = 0; c < k; c++)
                    {
                        if (Pick(p, Candidates[c]) is { } f)
                        {
                            squared[h - 1, c] += (actual - f) * (actual - f);
                            weight[h - 1, c] += 1;
                            scored[h - 1, c]++;
                        }
                    }
                }
            }

            if (features.Level(t) is not { } l || features.Persistence(t) is not { } persistence)
            {
                continue;
            }

            for (var h = 1; h <= MaxHorizon; h++)
            {
                double? model = null;
                if (inputs.Row(t, h) is { } x && Solve(a[h - 1], b[h - 1], settings.Ridge, work, beta))
                {
                    var change = 0.0;
                    for (var i = 0; i < P; i++)
                    {
                        change += beta[i] * x[i];
                    }

                    model = l + Math.Clamp(change, -settings.MaxDeviation, settings.MaxDeviation);
                }

                // Weighted by recent out-of-sample accuracy: w ∝ 1 / MSE^power, over the candidates with a record.
                var forecasts = new double?[] { l, persistence, model, features.Smoothed(t) };
                var w = new double[k];
                var usable = 0;
                for (var c = 0; c < k; c++)
                {
                    var needed = c == 0 ? 1 : c == 2 ? settings.MinScoredForModel : settings.MinScoredForBaseline;
                    if (forecasts[c] is not null && scored[h - 1, c] >= needed && squared[h - 1, c] > 0)
                    {
                        w[c] = Math.Pow(weight[h - 1, c] / squared[h - 1, c], settings.Power);
                        usable++;
                    }
                }

                var combined = usable >= 2 && w[0] > 0;
                var total = w.Sum();
                var served = l;
                if (combined)
                {
                    served = 0;
                    for (var c = 0; c < k; c++)
                    {
                        served += w[c] * (forecasts[c] ?? l);
                    }

                    served /= total;
                }

                var calibration = errors[h - 1].Count >= settings.MinCalibration ? errors[h - 1] : mean7Errors[h - 1];
                var (q80, q95) = calibration.Count >= settings.MinCalibration ? (calibration.Quantile(0.2), calibration.Quantile(0.05)) : (null, null);
                var point = new WalkForwardPoint(t, h, t + h < n ? features.Actual(t + h) : null, l, persistence, model,
                    combined ? ForecastMethods.Combined : ForecastMethods.Mean7, served, q80, q95,
                    combined ? w[1] / total : 0, combined ? w[2] / total : 0, forecasts[3], combined ? w[3] / total : 0);
                if (t + h < n)
                {
                    issued[t, h - 1] = point;
                }

                points.Add(point);
            }
        }

        return new WalkForwardRun(features, points, settings, inputs, [.. Enumerable.Range(0, MaxHorizon).Select(h => Coefficients(a[h], b[h], settings.Ridge))]);
    }

    /// <summary>The candidate's forecast of a point (ln ms), or null when it had none.</summary>
    public static double? Pick(WalkForwardPoint p, string method) => method switch
    {
        ForecastMethods.Mean7 => p.Mean7,
        ForecastMethods.Persistence => p.Persistence,
        ForecastMethods.Model => p.Model,
        ForecastMethods.Smoothed => p.Smoothed,
        _ => p.Served,
    };

    /// <summary>
    /// The last k absolute errors kept sorted, for the split-conformal quantile: the ⌈(k+1)(1-α)⌉-th
    /// smallest (Vovk et al.; Lei et al. 2018), null when k is too small for α.
    /// </summary>
    private sealed class RollingErrors(int size)
    {
        private readonly Queue<double> order = new(size);
        private readonly List<double> sorted = new(size);

        public int Count => sorted.Count;

        public void Add(double error)
        {
            if (order.Count == size)
            {
                var old = order.Dequeue();
                sorted.RemoveAt(sorted.BinarySearch(old));
            }

            order.Enqueue(error);
            var at = sorted.BinarySearch(error);
            sorted.Insert(at < 0 ? ~at : at, error);
        }

        public double? Quantile(double alpha)
        {
            var rank = (int)Math.Ceiling((sorted.Count + 1) * (1 - alpha));
            return rank > sorted.Count ? null : sorted[rank - 1];
        }
    }

    private static void Scale(double[] a, double[] b, double factor)
    {
        if (factor >= 1)
        {
            return;
        }

        for (var i = 0; i < a.Length; i++)
        {
            a[i] *= factor;
        }

        for (var i = 0; i < b.Length; i++)
        {
            b[i] *= factor;
        }
    }

    private static void AddPair(double[] a, double[] b, double[] x, double y)
    {
        for (var i = 0; i < P; i++)
        {
            if (x[i] == 0)
            {
                continue;
            }

            for (var j = 0; j < P; j++)
            {
                a[i * P + j] += x[i] * x[j];
            }

            b[i] += x[i] * y;
        }
    }

    /// <summary>Solves (A + λI) β = b by Cholesky for the model's 16 inputs (A symmetric positive semi-definite, so A + λI is definite); false when it is not.</summary>
    public static bool Solve(double[] a, double[] b, double ridge, double[] l, double[] beta)
    {
        for (var i = 0; i < P; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var sum = a[i * P + j] + (i == j ? ridge : 0);
                for (var k = 0; k < j; k++)
                {
                    sum -= l[i * P + k] * l[j * P + k];
                }

                if (i == j)
                {
                    if (sum <= 0)
                    {
                        return false;
                    }

                    l[i * P + i] = Math.Sqrt(sum);
                }
                else
                {
                    l[i * P + j] = sum / l[j * P + j];
                }
            }
        }

        for (var i = 0; i < P; i++)
        {
            var sum = b[i];
            for (var k = 0; k < i; k++)
            {
                sum -= l[i * P + k] * beta[k];
            }

            beta[i] = sum / l[i * P + i];
        }

        for (var i = P - 1; i >= 0; i--)
        {
            var sum = beta[i];
            for (var k = i + 1; k < P; k++)
            {
                sum -= l[k * P + i] * beta[k];
            }

            beta[i] = sum / l[i * P + i];
        }

        return true;
    }

    private static double[] Coefficients(double[] a, double[] b, double ridge)
    {
        var beta = new double[P];
        return Solve(a, b, ridge, new double[P * P], beta) ? beta : new double[P];
    }

    /// <summary>The deviation model's inputs per origin and horizon, each on a scale of about one.</summary>
    internal sealed class Inputs
    {
        private readonly double[][] rows;
        private readonly ForecastFeatures features;

        private Inputs(ForecastFeatures features, double[][] rows)
        {
            this.features = features;
            this.rows = rows;
        }

        public static Inputs Of(ForecastFeatures f)
        {
            var analysis = f.Analysis;
            var s = analysis.Series;
            var n = f.Length;
            var rawLn = new double?[n];
            for (var i = 0; i < n; i++)
            {
                rawLn[i] = f.Actual(i);
            }

            var illness = new bool[n];
            foreach (var anomaly in analysis.Anomalies)
            {
                if (anomaly.Kind == "illness_signal")
                {
                    illness[s.Index(anomaly.Date)] = true;
                }
            }

            var hours = new double?[n];
            for (var i = 0; i < n; i++)
            {
                hours[i] = s.SleepMinutes[i] / 60;
            }

            var rows = new double[n][];
            for (var t = 0; t < n; t++)
            {
                if (f.Level(t) is not { } level || f.Persistence(t) is not { } latest)
                {
                    continue;
                }

                var w28 = Analytics.WindowStats.Of(rawLn, t - 27, t);
                var w90 = Analytics.WindowStats.Of(rawLn, t - 89, t);
                var rhr28 = Analytics.WindowStats.Of(s.RestingHr, t - 27, t);
                var sleep28 = Analytics.WindowStats.Of(hours, t - 27, t);
                var load = analysis.Load[t];
                var prior = t >= 1 ? f.Persistence(t - 1) : null;
                rows[t] =
                [
                    1,
                    (latest - level) * 4,
                    ((prior ?? latest) - level) * 4,
                    w28.Count >= 7 ? (level - w28.Mean) * 4 : 0,
                    w90.Count >= 30 ? (level - w90.Mean) * 4 : 0,
                    0, 0, 0, 0, 0, 0,
                    s.RestingHr[t] is { } rhr && rhr28.Count >= 7 ? Math.Clamp((rhr - rhr28.Mean) / 5, -3, 3) : 0,
                    hours[t] is { } hr && sleep28.Count >= 7 ? Math.Clamp((hr - sleep28.Mean) / 1.5, -3, 3) : 0,
                    s.Alcohol[t] ? 1 : 0,
                    illness[t] || (t >= 1 && illness[t - 1]) || (t >= 2 && illness[t - 2]) ? 1 : 0,
                    Math.Clamp(load.Form / 30, -3, 3),
                ];
            }

            return new Inputs(f, rows);
        }

        /// <summary>The inputs of origin t for horizon h (the target's weekday set), or null without a level.</summary>
        public double[]? Row(int t, int h)
        {
            if (t < 0 || t >= rows.Length || rows[t] is not { } row)
            {
                return null;
            }

            var x = (double[])row.Clone();
            var dow = ((int)features.Analysis.Series.Date(t + h).DayOfWeek + 6) % 7; // Monday = 0
            if (dow > 0)
            {
                x[4 + dow] = 1;
            }

            return x;
        }
    }
}

/// <summary>The outcome of a walk-forward pass: every point, and the deviation model's coefficients after the last day.</summary>
public sealed class WalkForwardRun
{
    internal WalkForwardRun(ForecastFeatures features, List<WalkForwardPoint> points, WalkForwardSettings settings, WalkForward.Inputs inputs, double[][] coefficients)
    {
        Features = features;
        Points = points;
        Settings = settings;
        this.inputs = inputs;
        Coefficients = coefficients;
    }

    private readonly WalkForward.Inputs inputs;

    public ForecastFeatures Features { get; }

    /// <summary>Every forecast of the pass, by origin then horizon; the last origin's are the live forecast.</summary>
    public List<WalkForwardPoint> Points { get; }

    public WalkForwardSettings Settings { get; }

    /// <summary>The deviation model per horizon as fitted on everything (what the next forecasts use).</summary>
    public double[][] Coefficients { get; }

    /// <summary>The inputs of the deviation model at origin t for horizon h (for explaining a forecast).</summary>
    public double[]? Inputs(int t, int h) => inputs.Row(t, h);

    /// <summary>The scored next-day forecasts of the last <paramref name="days"/> origins as log rows (in ms), marked by nothing but where they come from: the backtest.</summary>
    public IReadOnlyList<ForecastLogRow> BacktestRows(int days = 90)
    {
        var series = Features.Analysis.Series;
        return [.. Points.Where(p => p.Horizon == 1 && p.Actual is not null && p.Origin >= Features.Length - days).Select(p => new ForecastLogRow
        {
            Origin = series.Date(p.Origin), Target = series.Date(p.Origin + 1), Horizon = 1, Method = p.Method, HrvMs = Math.Exp(p.Served),
            Lower80 = p.Q80 is { } q80 ? Math.Exp(p.Served - q80) : null, Upper80 = p.Q80 is { } u80 ? Math.Exp(p.Served + u80) : null,
            Lower95 = p.Q95 is { } q95 ? Math.Exp(p.Served - q95) : null, Upper95 = p.Q95 is { } u95 ? Math.Exp(p.Served + u95) : null,
            ActualMs = Math.Exp(p.Actual!.Value), ErrorMs = Math.Exp(p.Served) - Math.Exp(p.Actual!.Value),
            PersistenceMs = Math.Exp(p.Persistence), Mean7Ms = Math.Exp(p.Mean7),
        })];
    }

    /// <summary>The seven forecasts from the latest day (empty when it has no recent level to forecast from).</summary>
    public IReadOnlyList<WalkForwardPoint> Latest() =>
        Features.Length == 0 ? [] : [.. Points.Where(p => p.Origin == Features.Length - 1).OrderBy(p => p.Horizon)];

    /// <summary>The served forecast's record at a horizon over the scored mornings of the last <paramref name="days"/> origins, beside the 7-day mean's (ms and %).</summary>
    public ForecastRecord Record(int horizon, int days)
    {
        var from = Features.Length - days;
        var scored = Points.Where(p => p.Horizon == horizon && p.Actual is not null && p.Origin >= from).ToList();
        if (scored.Count == 0)
        {
            return new ForecastRecord(0, 0, 0, 0, 0);
        }

        double Mae(Func<WalkForwardPoint, double> f) => scored.Average(p => Math.Abs(Math.Exp(f(p)) - Math.Exp(p.Actual!.Value)));
        double Pct(Func<WalkForwardPoint, double> f) => scored.Average(p => Math.Abs(Math.Exp(f(p)) - Math.Exp(p.Actual!.Value)) / Math.Exp(p.Actual!.Value)) * 100;
        return new ForecastRecord(scored.Count, Mae(p => p.Served), Pct(p => p.Served), Mae(p => p.Mean7), Pct(p => p.Mean7));
    }

    /// <summary>
    /// What moved the next morning's forecast away from the 7-day mean, exactly: the latest reading's
    /// share (its weight times its distance from the level) and each input of the deviation model (its
    /// weight times coefficient times value), in ln ms, largest first.
    /// </summary>
    public IReadOnlyList<(string Feature, double Value, double Change)> Drivers()
    {
        if (Latest() is not [var next, ..] || next.Method != ForecastMethods.Combined)
        {
            return [];
        }

        var x = Inputs(next.Origin, 1);
        var terms = new Dictionary<string, (double Value, double Change)>(StringComparer.Ordinal)
        {
            ["latest_vs_level"] = (next.Persistence - next.Mean7, next.WeightPersistence * (next.Persistence - next.Mean7)),
        };
        if (next.Smoothed is { } smoothed)
        {
            terms["longer_run_vs_level"] = (smoothed - next.Mean7, next.WeightSmoothed * (smoothed - next.Mean7));
        }

        if (x is not null && next.Model is not null)
        {
            for (var i = 0; i < x.Length; i++)
            {
                var change = next.WeightModel * Coefficients[0][i] * x[i];
                var name = WalkForward.FeatureNames[i];
                terms[name] = terms.TryGetValue(name, out var had) ? (had.Value, had.Change + change) : (x[i], change);
            }
        }

        return [.. terms.Select(kv => (kv.Key, kv.Value.Value, kv.Value.Change)).OrderByDescending(d => Math.Abs(d.Change))];
    }
}

/// <summary>A forecast's record over scored mornings: how many, its mean absolute error in ms and %, and the 7-day mean's on the same mornings.</summary>
public sealed record ForecastRecord(int N, double ServedMs, double ServedPercent, double Mean7Ms, double Mean7Percent);
