namespace Bio.Core.Forecasting;

/// <summary>The ways Bio forecasts HRV, and the names a person reads for them.</summary>
public static class ForecastMethods
{
    /// <summary>The deviation model (one of the combined candidates; before the walk-forward forecaster, the tree model served).</summary>
    public const string Model = "model";
    public const string Persistence = "persistence";
    public const string Mean7 = "mean7";

    /// <summary>The longer-run level: an exponentially weighted mean of every reading (<see cref="ForecastFeatures.Smoothed"/>).</summary>
    public const string Smoothed = "smoothed";

    /// <summary>The pooled tree model earlier versions served to short histories (still in old forecast logs).</summary>
    public const string Pooled = "pooled";

    /// <summary>The candidates combined, each weighted by its recent out-of-sample accuracy.</summary>
    public const string Combined = "combined";

    /// <summary>What the combination blends, in a person's words (one place for the page, the registry and the agent).</summary>
    public const string BlendWords = "your 7-day average, your longer-run level (about three weeks), your latest reading and your own day-to-day pattern";

    /// <summary>What a person reads for a method, on the page and in answers: never an internal name.</summary>
    public static string Describe(string method) => method switch
    {
        Combined or "bio" => "Bio's forecast",
        Mean7 => "your 7-day average",
        Persistence => "your latest reading",
        Model => "your pattern model",
        Smoothed => "your longer-run level",
        Pooled => "a starter model",
        _ => "another method",
    };
}

/// <summary>One out-of-sample forecast in a walk-forward backtest, in ln ms: Bio's served forecast (Served) beside the two baselines.</summary>
public sealed record BacktestPoint(int Origin, int Horizon, double Actual, double Served, double Persistence, double Mean7, string Method, double? Q80, double? Q95);

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

/// <summary>
/// A walk-forward backtest: the scored forecasts of a <see cref="WalkForward"/> pass (what Bio would have
/// served each day, and both baselines on the same mornings), with each served forecast's split-conformal
/// interval as it was then; the baselines' intervals are computed the same way from their own errors.
/// </summary>
public sealed class BacktestResult
{
    public BacktestResult(WalkForwardRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        Run = run;
        Points = [.. run.Points.Where(p => p.Actual is not null).Select(p => new BacktestPoint(p.Origin, p.Horizon, p.Actual!.Value, p.Served, p.Persistence, p.Mean7, p.Method, p.Q80, p.Q95))];
    }

    public WalkForwardRun Run { get; }

    public ForecastFeatures Features => Run.Features;

    /// <summary>Every scored out-of-sample forecast, in origin order.</summary>
    public List<BacktestPoint> Points { get; }

    /// <summary>The name the served forecast has in accuracy tables.</summary>
    public const string Served = "bio";

    public static double Pick(BacktestPoint p, string method) => method switch
    {
        Served => p.Served,
        ForecastMethods.Persistence => p.Persistence,
        _ => p.Mean7,
    };

    private (double? Q80, double? Q95) Interval(string method, BacktestPoint point, Dictionary<(string, int), List<double>> history)
    {
        if (method == Served)
        {
            return (point.Q80, point.Q95);
        }

        var errors = history.TryGetValue((method, point.Horizon), out var list) ? list : [];
        if (errors.Count < Run.Settings.MinCalibration)
        {
            return (null, null);
        }

        var recent = errors.Skip(Math.Max(0, errors.Count - Run.Settings.CalibrationSize)).ToList();
        var q80 = ForecastCycle.Conformal(recent, 0.2);
        var q95 = ForecastCycle.Conformal(recent, 0.05);
        return (double.IsFinite(q80) ? q80 : null, double.IsFinite(q95) ? q95 : null);
    }

    /// <summary>Accuracy of the served forecast and of each baseline over the points of the given horizons (all when null).</summary>
    public IReadOnlyList<ForecastAccuracy> Accuracy(IReadOnlyCollection<int>? horizons = null, int? fromOrigin = null)
    {
        var points = Points.Where(p => (horizons is null || horizons.Contains(p.Horizon)) && (fromOrigin is null || p.Origin >= fromOrigin)).ToList();
        if (points.Count == 0)
        {
            return [];
        }

        double Mae(string method) => points.Average(p => Math.Abs(Math.Exp(Pick(p, method)) - Math.Exp(p.Actual)));
        var maePersistence = Mae(ForecastMethods.Persistence);
        var maeMean7 = Mae(ForecastMethods.Mean7);
        return [.. new[] { Served, ForecastMethods.Persistence, ForecastMethods.Mean7 }.Select(method =>
        {
            // A baseline's interval at a point comes from its errors on mornings known by then (the target at most the origin).
            var history = new Dictionary<(string, int), List<double>>();
            var errors = points.Select(p => Math.Exp(Pick(p, method)) - Math.Exp(p.Actual)).ToList();
            var mae = errors.Average(Math.Abs);
            int covered80 = 0, covered95 = 0, withInterval = 0;
            var known = 0;
            var ordered = Points.OrderBy(p => p.Origin + p.Horizon).ToList();
            foreach (var p in points)
            {
                while (known < ordered.Count && ordered[known].Origin + ordered[known].Horizon <= p.Origin)
                {
                    var k = ordered[known++];
                    (history.TryGetValue((method, k.Horizon), out var list) ? list : history[(method, k.Horizon)] = []).Add(Math.Abs(k.Actual - Pick(k, method)));
                }

                if (Interval(method, p, history) is { Q80: { } q80, Q95: { } q95 })
                {
                    withInterval++;
                    var error = Math.Abs(p.Actual - Pick(p, method));
                    covered80 += error <= q80 ? 1 : 0;
                    covered95 += error <= q95 ? 1 : 0;
                }
            }

            return new ForecastAccuracy(method, points.Count, mae, Math.Sqrt(errors.Average(e => e * e)),
                points.Zip(errors, (p, e) => Math.Abs(e) / Math.Exp(p.Actual)).Average() * 100,
                maePersistence > 0 ? mae / maePersistence : double.NaN, maeMean7 > 0 ? mae / maeMean7 : double.NaN,
                withInterval, withInterval == 0 ? null : (double)covered80 / withInterval, withInterval == 0 ? null : (double)covered95 / withInterval);
        })];
    }

    /// <summary>What serves the next morning now: Bio's combination, or the 7-day mean while too few mornings are scored.</summary>
    public string Champion() => Run.Latest() is [var next, ..] ? next.Method : ForecastMethods.Mean7;

    /// <summary>What serves each of the next seven mornings now.</summary>
    public IReadOnlyList<string> ChampionByHorizon() => [.. Run.Latest().Select(p => p.Method)];
}

/// <summary>Walk-forward backtests: the <see cref="WalkForward"/> pass's scored forecasts (it never looks ahead, so the pass is its own backtest).</summary>
public static class Backtest
{
    public static BacktestResult Run(ForecastFeatures features, WalkForwardSettings? settings = null) =>
        new(WalkForward.Run(features, settings));
}
