namespace Bio.Core.Forecasting;

/// <summary>The three ways Bio can forecast HRV.</summary>
public static class ForecastMethods
{
    public const string Model = "model";
    public const string Persistence = "persistence";
    public const string Mean7 = "mean7";

    /// <summary>The pooled model, for a person whose own history cannot train one yet (served only when it beats both baselines on their days).</summary>
    public const string Pooled = "pooled";

    /// <summary>Half the deviation model, half the 7-day mean (a combination that is rarely far off either).</summary>
    public const string Blend = "blend";

    /// <summary>The candidates combined, each weighted by its recent out-of-sample accuracy.</summary>
    public const string Combined = "combined";

    public static readonly string[] All = [Model, Persistence, Mean7];
}

/// <summary>One out-of-sample forecast in a walk-forward backtest, in ln ms.</summary>
public sealed record BacktestPoint(int Origin, int Horizon, double Actual, double? Model, double Persistence, double Mean7);

/// <summary>
/// Accuracy of one method over a set of backtest points. MAE and RMSE in ms; MAE % is the mean of
/// |error| / actual. MASE against persistence and against the 7-day mean are this method's MAE divided
/// by that baseline's MAE on the same points (below 1 = better than the baseline). Coverage is the
/// share of actuals inside the split-conformal 80 % and 95 % intervals, over the points that had one.
/// </summary>
[GenerateSerializer, Immutable, Alias("bio.ForecastAccuracy")]
public sealed record ForecastAccuracy(
    [property: Id(0)] string Method,
    [property: Id(1)] int N,
    [property: Id(2)] double MaeMs,
    [property: Id(3)] double RmseMs,
    [property: Id(4)] double MaePercent,
    [property: Id(5)] double MaseVsPersistence,
    [property: Id(6)] double MaseVsMean7,
    [property: Id(7)] int IntervalN,
    [property: Id(8)] double? Coverage80,
    [property: Id(9)] double? Coverage95);

/// <summary>A walk-forward backtest's points and the split-conformal interval half-widths of each.</summary>
public sealed class BacktestResult
{
    public BacktestResult(ForecastFeatures features, List<BacktestPoint> points, ForecastSettings settings)
    {
        Features = features;
        Points = points;
        Settings = settings;
    }

    public ForecastFeatures Features { get; }

    /// <summary>Every out-of-sample forecast, in origin order.</summary>
    public List<BacktestPoint> Points { get; }

    public ForecastSettings Settings { get; }

    public static double? Pick(BacktestPoint p, string method) => method switch
    {
        ForecastMethods.Model => p.Model,
        ForecastMethods.Persistence => p.Persistence,
        _ => p.Mean7,
    };

    /// <summary>
    /// Split-conformal half-widths (ln ms) for a forecast of <paramref name="method"/> at horizon h issued at
    /// day <paramref name="origin"/>: the ⌈(k+1)(1-α)⌉-th smallest of the last k absolute out-of-sample
    /// errors whose target day was already known then (Vovk et al.; Lei et al. 2018). Null when fewer than
    /// the minimum errors exist.
    /// </summary>
    public (double Q80, double Q95)? Interval(string method, int horizon, int origin)
    {
        var errors = new List<double>(Settings.CalibrationSize);
        for (var k = Points.Count - 1; k >= 0 && errors.Count < Settings.CalibrationSize; k--)
        {
            var p = Points[k];
            if (p.Horizon == horizon && p.Origin + horizon <= origin && Pick(p, method) is { } f)
            {
                errors.Add(Math.Abs(p.Actual - f));
            }
        }

        if (errors.Count < Settings.MinCalibration)
        {
            return null;
        }

        return (ForecastCycle.Conformal(errors, 0.2), ForecastCycle.Conformal(errors, 0.05));
    }

    /// <summary>Accuracy of each method over the points of the given horizons (all when null).</summary>
    public IReadOnlyList<ForecastAccuracy> Accuracy(IReadOnlyCollection<int>? horizons = null, int? fromOrigin = null)
    {
        var points = Points.Where(p => p.Model is not null && (horizons is null || horizons.Contains(p.Horizon)) && (fromOrigin is null || p.Origin >= fromOrigin)).ToList();
        if (points.Count == 0)
        {
            return [];
        }

        double Mae(string method) => points.Average(p => Math.Abs(Math.Exp(Pick(p, method)!.Value) - Math.Exp(p.Actual)));
        var maePersistence = Mae(ForecastMethods.Persistence);
        var maeMean7 = Mae(ForecastMethods.Mean7);
        return [.. ForecastMethods.All.Select(method =>
        {
            var errors = points.Select(p => Math.Exp(Pick(p, method)!.Value) - Math.Exp(p.Actual)).ToList();
            var mae = errors.Average(Math.Abs);
            int covered80 = 0, covered95 = 0, withInterval = 0;
            foreach (var p in points)
            {
                if (Interval(method, p.Horizon, p.Origin) is { } q)
                {
                    withInterval++;
                    var error = Math.Abs(p.Actual - Pick(p, method)!.Value);
                    covered80 += error <= q.Q80 ? 1 : 0;
                    covered95 += error <= q.Q95 ? 1 : 0;
                }
            }

            return new ForecastAccuracy(method, points.Count, mae, Math.Sqrt(errors.Average(e => e * e)),
                points.Zip(errors, (p, e) => Math.Abs(e) / Math.Exp(p.Actual)).Average() * 100,
                maePersistence > 0 ? mae / maePersistence : double.NaN, maeMean7 > 0 ? mae / maeMean7 : double.NaN,
                withInterval, withInterval == 0 ? null : (double)covered80 / withInterval, withInterval == 0 ? null : (double)covered95 / withInterval);
        })];
    }

    /// <summary>
    /// The method to serve: the one with the lowest next-day MAE over the last <see cref="ForecastSettings.ValidationDays"/>
    /// origins of the backtest (champion / challenger); a baseline when the model is not better, so Bio
    /// never serves a forecast it knows to be worse.
    /// </summary>
    public string Champion()
    {
        if (Points.Count == 0 || Points.All(p => p.Model is null))
        {
            return Features.Length >= 30 ? BestBaseline() : ForecastMethods.Mean7;
        }

        var last = Points[^1].Origin;
        var recent = Accuracy([1], last - Settings.ValidationDays + 1);
        return recent.Count == 0 ? BestBaseline() : recent.MinBy(a => a.MaeMs)!.Method;
    }

    /// <summary>The method to serve at each horizon 1-7: the champion's model only where it beats both baselines at that horizon too.</summary>
    public IReadOnlyList<string> ChampionByHorizon()
    {
        var champion = Champion();
        if (champion != ForecastMethods.Model)
        {
            return [.. Enumerable.Repeat(champion, HrvForecaster.MaxHorizon)];
        }

        var last = Points[^1].Origin;
        return [.. Enumerable.Range(1, HrvForecaster.MaxHorizon).Select(h =>
        {
            var recent = Accuracy([h], last - Settings.ValidationDays + 1);
            return recent.Count == 0 ? champion : recent.MinBy(a => a.MaeMs)!.Method;
        })];
    }

    private string BestBaseline()
    {
        var next = Points.Where(p => p.Horizon == 1).ToList();
        if (next.Count == 0)
        {
            return ForecastMethods.Mean7;
        }

        var persistence = next.Average(p => Math.Abs(p.Persistence - p.Actual));
        var mean7 = next.Average(p => Math.Abs(p.Mean7 - p.Actual));
        return persistence < mean7 ? ForecastMethods.Persistence : ForecastMethods.Mean7;
    }
}

/// <summary>
/// Walk-forward backtests (never shuffled): from the first day with enough training pairs, the model is
/// refitted every <see cref="ForecastSettings.RefitEveryDays"/> days on everything known by then, and
/// forecasts each origin of the next block for horizons 1-7, beside the two naive baselines (yesterday's
/// value carried forward, and the 7-day mean).
/// </summary>
public static class Backtest
{
    public static BacktestResult Run(ForecastFeatures features, ForecastSettings? settings = null, int? firstOrigin = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        settings ??= new ForecastSettings();
        var n = features.Length;
        var points = new List<BacktestPoint>();
        HrvModel? model = null;
        var start = Math.Max(firstOrigin ?? 0, FirstTrainable(features, settings));
        for (var block = start; block < n - 1; block += settings.RefitEveryDays)
        {
            model = HrvForecaster.Train(features, block, settings) ?? model;
            var end = Math.Min(block + settings.RefitEveryDays, n - 1);
            var blockPoints = new List<(int T, int H, double Actual, double Persistence, double Mean7, float[] Row)>();
            for (var t = block; t < end; t++)
            {
                for (var h = 1; h <= HrvForecaster.MaxHorizon && t + h < n; h++)
                {
                    if (features.Actual(t + h) is { } actual && features.Level(t) is { } level && features.Persistence(t) is { } persist && features.Row(t, h) is { } row)
                    {
                        blockPoints.Add((t, h, actual, persist, level, row));
                    }
                }
            }

            var predicted = new double?[blockPoints.Count];
            for (var h = 1; h <= HrvForecaster.MaxHorizon; h++)
            {
                var index = Enumerable.Range(0, blockPoints.Count).Where(i => blockPoints[i].H == h).ToList();
                if (model?.Predict(h, [.. index.Select(i => blockPoints[i].Row)]) is { } scores)
                {
                    for (var k = 0; k < index.Count; k++)
                    {
                        predicted[index[k]] = blockPoints[index[k]].Mean7 + scores[k];
                    }
                }
            }

            points.AddRange(blockPoints.Select((p, i) => new BacktestPoint(p.T, p.H, p.Actual, predicted[i], p.Persistence, p.Mean7)));
        }

        points.Sort((a, b) => a.Origin != b.Origin ? a.Origin.CompareTo(b.Origin) : a.Horizon.CompareTo(b.Horizon));
        return new BacktestResult(features, points, settings);
    }

    /// <summary>The first origin at which the next-day model has its minimum of training pairs.</summary>
    private static int FirstTrainable(ForecastFeatures features, ForecastSettings settings)
    {
        var pairs = 0;
        for (var t = 0; t + 1 < features.Length; t++)
        {
            if (features.Target(t, 1) is not null && features.Row(t, 1) is not null)
            {
                pairs++;
            }

            if (pairs >= settings.MinTrainingPairs)
            {
                return t + 1;
            }
        }

        return features.Length;
    }
}
