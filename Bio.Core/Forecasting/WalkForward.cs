namespace Bio.Core.Forecasting;

/// <summary>Settings of the walk-forward forecaster; recorded with what it serves.</summary>
public sealed record WalkForwardSettings(
    double Ridge = 30, double Discount = 0.997, double ErrorHalfLifeDays = 60, int MinScoredForModel = 28, int MinScoredForBaseline = 14,
    int CalibrationSize = 120, int MinCalibration = 20, double MaxDeviation = 0.8, double Power = 2, string Policy = "combine", bool Guard = false, double Trim = double.PositiveInfinity, double PriorDays = 0, double PriorPenalty = 0.2);

/// <summary>
/// One forecast of the walk-forward run, in ln ms: from the end of day <see cref="Origin"/> for the morning
/// <see cref="Horizon"/> days later. Each candidate (the 7-day mean, yesterday's value, the deviation model
/// and the blend of the model with the 7-day mean) is computed from what was known at the origin; the
/// served one is the candidate with the lowest recent out-of-sample error at that origin, and its
/// split-conformal half-widths (ln ms) come from its own earlier out-of-sample errors. Actual is null when
/// the morning has no reading (or has not come yet).
/// </summary>
public sealed record WalkForwardPoint(
    int Origin, int Horizon, double? Actual, double Mean7, double Persistence, double? Model, double? Blend,
    string Method, double Served, double? Q80, double? Q95, double? Combined = null);

/// <summary>
/// HRV forecasting as one causal pass over a person's history (DESIGN §7, issue 19): at every day t it
/// (1) adds the pairs whose morning t has just come to a ridge regression per horizon, (2) forecasts
/// days t+1..t+7 with every candidate, and (3) picks what to serve by each candidate's discounted mean
/// absolute error over the forecasts already scored by day t. Nothing at origin t reads a day after t, so
/// every forecast of the pass is out of sample: the pass is the backtest, and its last origin is the live
/// forecast. Linear time in the history (ten years in milliseconds), deterministic, no training files.
/// <para>
/// The deviation model learns ln HRV(t+h) - mean7(t), the deviation of the morning from the person's
/// recent level, from: the latest two readings' deviations, the 7-day level against the 28- and 90-day
/// levels (mean reversion), the target's weekday, resting HR and sleep against their 28-day means,
/// alcohol logged, a recent illness signal and training form. It is a ridge regression (exponentially
/// discounted, so an old season weighs less) shrunk towards zero, i.e. towards the 7-day mean: with
/// little history it is the 7-day mean, and it moves away only as far as the data carry it.
/// </para>
/// </summary>
public static class WalkForward
{
    public const int MaxHorizon = HrvForecaster.MaxHorizon;

    /// <summary>The candidates, in the order of preference when errors tie.</summary>
    public static readonly string[] Candidates = [ForecastMethods.Mean7, ForecastMethods.Persistence, ForecastMethods.Model, ForecastMethods.Blend];

    /// <summary>The names of the deviation model's inputs, in the order of its coefficients.</summary>
    public static readonly string[] FeatureNames =
    [
        "intercept", "latest_vs_level", "previous_vs_level", "level_vs_28d", "level_vs_90d",
        "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "resting_hr_vs_28d", "sleep_vs_28d", "alcohol_logged_today", "illness_signal_last_3d", "form",
    ];

    private static int P => FeatureNames.Length;

    /// <summary>Runs the pass; the points are ordered by origin, then horizon.</summary>
    public static WalkForwardRun Run(ForecastFeatures features, WalkForwardSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        settings ??= new WalkForwardSettings();
        var n = features.Length;
        var inputs = Inputs.Of(features);
        var a = new double[MaxHorizon][];
        var b = new double[MaxHorizon][];
        for (var h = 0; h < MaxHorizon; h++)
        {
            a[h] = new double[P * P];
            b[h] = new double[P];
        }

        var beta = new double[P];
        var work = new double[P * P];
        var errorDecay = Math.Pow(0.5, 1 / settings.ErrorHalfLifeDays);
        // Discounted absolute error (ms) and weight per horizon and candidate; scored counts.
        var errorSum = new double[MaxHorizon, Candidates.Length];
        var errorWeight = new double[MaxHorizon, Candidates.Length];
        var squaredSum = new double[MaxHorizon, Candidates.Length];
        var scored = new int[MaxHorizon, Candidates.Length];
        var residuals = new List<double>[MaxHorizon, Candidates.Length];
        for (var h = 0; h < MaxHorizon; h++)
        {
            for (var c = 0; c < Candidates.Length; c++)
            {
                residuals[h, c] = [];
            }
        }

        var combinedResiduals = Enumerable.Range(0, MaxHorizon).Select(_ => new List<double>()).ToArray();
        var combinedError = new double[MaxHorizon];
        var combinedWeight = new double[MaxHorizon];
        var combinedScored = new int[MaxHorizon];
        // The points issued at each origin, to be scored when their morning comes.
        var issued = new WalkForwardPoint?[n, MaxHorizon];
        var points = new List<WalkForwardPoint>();
        for (var t = 0; t < n; t++)
        {
            // Day t is known now: the pairs whose target is t enter the models and score the candidates.
            for (var h = 1; h <= MaxHorizon; h++)
            {
                for (var c = 0; c < Candidates.Length; c++)
                {
                    combinedError[h - 1] *= c == 0 ? errorDecay : 1;
                    combinedWeight[h - 1] *= c == 0 ? errorDecay : 1;
                    errorSum[h - 1, c] *= errorDecay;
                    errorWeight[h - 1, c] *= errorDecay;
                    squaredSum[h - 1, c] *= errorDecay;
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
                    combinedResiduals[h - 1].Add(Math.Abs(actual - p.Served));
                    if (p.Combined is { } cf)
                    {
                        combinedError[h - 1] += Math.Abs(Math.Exp(cf) - Math.Exp(actual));
                        combinedWeight[h - 1] += 1;
                        combinedScored[h - 1]++;
                    }
                    for (var c = 0; c < Candidates.Length; c++)
                    {
                        if (Pick(p, Candidates[c]) is { } f)
                        {
                            errorSum[h - 1, c] += Math.Abs(Math.Exp(f) - Math.Exp(actual));
                            errorWeight[h - 1, c] += 1;
                            squaredSum[h - 1, c] += (actual - f) * (actual - f);
                            scored[h - 1, c]++;
                            residuals[h - 1, c].Add(Math.Abs(actual - f));
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

                var blend = model is { } m ? (m + l) / 2 : (double?)null;
                var candidate = new WalkForwardPoint(t, h, t + h < n ? features.Actual(t + h) : null, l, persistence, model, blend, ForecastMethods.Mean7, l, null, null);
                WalkForwardPoint point;
                if (settings.Policy == "combine")
                {
                    // Weighted by recent out-of-sample accuracy (Bates and Granger 1969): w ∝ 1 / MSE^power.
                    double total = 0, weighted = 0;
                    var used = 0;
                    bool Usable(int c) => Pick(candidate, Candidates[c]) is not null && scored[h - 1, c] >= Math.Max(c == 0 ? 0 : c == 1 ? settings.MinScoredForBaseline : settings.MinScoredForModel, 1) && squaredSum[h - 1, c] > 0;
                    // A prior of PriorDays days on which every other candidate was PriorPenalty worse than the 7-day mean
                    // (the rolling mean is the reading of HRV the literature recommends, Plews et al. 2012):
                    // with little record a candidate weighs little; with a long one its own record decides.
                    double Mse(int c) => c == 0 || settings.PriorDays <= 0
                        ? squaredSum[h - 1, c] / errorWeight[h - 1, c]
                        : (squaredSum[h - 1, c] + settings.PriorDays * (1 + settings.PriorPenalty) * squaredSum[h - 1, 0] / errorWeight[h - 1, 0]) / (errorWeight[h - 1, c] + settings.PriorDays);
                    var bestMse = Enumerable.Range(0, 3).Where(Usable).Select(Mse).DefaultIfEmpty(double.PositiveInfinity).Min();
                    for (var c = 0; c < 3; c++)
                    {
                        // Trimmed: a candidate far behind the best recently is left out (Granger and Jeon 2004).
                        if (Usable(c) && Mse(c) <= settings.Trim * bestMse && Pick(candidate, Candidates[c]) is { } f)
                        {
                            var w = Math.Pow(1 / Mse(c), settings.Power);
                            total += w;
                            weighted += w * f;
                            used++;
                        }
                    }

                    var combined = used >= 1 ? weighted / total : l;
                    var method = used >= 1 && Enumerable.Range(0, 3).Count(Usable) >= 2 ? ForecastMethods.Combined : ForecastMethods.Mean7;
                    if (settings.Guard)
                    {
                        // The combination serves once its own record beats the better baseline's on the same days.
                        double Mae(int c) => errorWeight[h - 1, c] > 0 ? errorSum[h - 1, c] / errorWeight[h - 1, c] : double.PositiveInfinity;
                        var baseline = scored[h - 1, 1] >= settings.MinScoredForBaseline && Mae(1) < Mae(0) ? 1 : 0;
                        var own = combinedWeight[h - 1] > 0 ? combinedError[h - 1] / combinedWeight[h - 1] : double.PositiveInfinity;
                        if (!(combinedScored[h - 1] >= settings.MinScoredForModel && own < Mae(baseline)))
                        {
                            method = Candidates[baseline];
                        }
                    }

                    var (q80c, q95c) = Quantiles(combinedResiduals[h - 1], residuals[h - 1, 0], settings);
                    point = candidate with { Method = method, Served = method == ForecastMethods.Combined ? combined : Pick(candidate, method)!.Value, Combined = method == ForecastMethods.Combined ? combined : null, Q80 = q80c, Q95 = q95c };
                }
                else
                {
                    var choice = Choose(h - 1, errorSum, errorWeight, scored, settings);
                    var served = Pick(candidate, Candidates[choice]) ?? l;
                    var (q80, q95) = Quantiles(residuals[h - 1, choice], residuals[h - 1, 0], settings);
                    point = candidate with { Method = Pick(candidate, Candidates[choice]) is null ? ForecastMethods.Mean7 : Candidates[choice], Served = served, Q80 = q80, Q95 = q95 };
                }
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
        ForecastMethods.Blend => p.Blend,
        _ => p.Served,
    };

    // The baselines need a few scored days to be told apart (the 7-day mean until then); the model and
    // the blend need more before they may replace the better baseline, and must then be strictly better.
    private static int Choose(int h, double[,] errorSum, double[,] errorWeight, int[,] scored, WalkForwardSettings settings)
    {
        double Mae(int c) => errorWeight[h, c] > 0 ? errorSum[h, c] / errorWeight[h, c] : double.PositiveInfinity;
        var best = 0;
        if (scored[h, 1] >= settings.MinScoredForBaseline && Mae(1) < Mae(0))
        {
            best = 1;
        }

        for (var c = 2; c < Candidates.Length; c++)
        {
            if (scored[h, c] >= settings.MinScoredForModel && Mae(c) < Mae(best))
            {
                best = c;
            }
        }

        return best;
    }

    // Split-conformal: the ⌈(k+1)(1-α)⌉-th smallest of the last k absolute log errors of the method served;
    // until it has enough of its own, the 7-day mean's (which is what serves first).
    private static (double?, double?) Quantiles(List<double> own, List<double> mean7, WalkForwardSettings settings)
    {
        var errors = own.Count >= settings.MinCalibration ? own : mean7;
        if (errors.Count < settings.MinCalibration)
        {
            return (null, null);
        }

        var recent = errors.Skip(Math.Max(0, errors.Count - settings.CalibrationSize)).ToList();
        var q80 = ForecastCycle.Conformal(recent, 0.2);
        var q95 = ForecastCycle.Conformal(recent, 0.05);
        return (double.IsFinite(q80) ? q80 : null, double.IsFinite(q95) ? q95 : null);
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

    /// <summary>Solves (A + λI) β = b by Cholesky (A is symmetric positive semi-definite, so A + λI is definite).</summary>
    internal static bool Solve(double[] a, double[] b, double ridge, double[] l, double[] beta)
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
}
