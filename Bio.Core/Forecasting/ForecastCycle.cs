using System.Globalization;

namespace Bio.Core.Forecasting;

/// <summary>What one run of the daily cycle changed: the registry, the log, old model files to delete, and the walk-forward run it served from.</summary>
public sealed record CycleOutcome(ModelRegistryState Registry, List<ForecastLogRow> Log, List<int> Retired, WalkForwardRun Run, int Scored, int Issued);

/// <summary>
/// The daily forecasting cycle of one person (DESIGN §7), pure: score the forecasts whose morning has
/// come, run the walk-forward forecaster over the whole history (<see cref="WalkForward"/>: milliseconds,
/// so it runs every time rather than on a training schedule), and issue the seven forecasts from the
/// latest day. The registry records what is served and why, in a person's words, and each change of it.
/// <para>
/// Intervals are split-conformal per horizon, in log space, on the served forecast's own out-of-sample
/// errors in the walk-forward (the last 120; the 7-day mean's until it has 20).
/// </para>
/// </summary>
public static class ForecastCycle
{
    /// <param name="run">The walk-forward pass of exactly these features when it was made already.</param>
    public static CycleOutcome Run(ForecastFeatures f, ModelRegistryState registry, List<ForecastLogRow> log, DateTimeOffset now, WalkForwardSettings? settings = null, WalkForwardRun? run = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(log);
        var scored = Score(f, log);
        run ??= WalkForward.Run(f, settings);
        var at = now.UtcDateTime;
        // The tree models served before the walk-forward forecaster: their files go.
        var retired = registry.Models.Select(m => m.Version).ToList();
        if (retired.Count > 0)
        {
            registry.Models.Clear();
            registry.Champion = null;
            Log(registry, at, "retired", "the earlier tree models were retired: Bio's forecast now combines simpler forecasts by how well each did on your mornings");
        }

        var latest = run.Latest();
        var issued = 0;
        if (latest.Count == WalkForward.MaxHorizon)
        {
            var method = latest[0].Method;
            var reason = Reason(run, method);
            if (registry.Served != method || registry.Events.Count == 0 || registry.Events[^1].Kind == "retired")
            {
                Log(registry, at, method == ForecastMethods.Combined ? "served" : "baseline", reason);
            }

            registry.Served = method;
            registry.ServedByHorizon = [.. latest.Select(p => p.Method)];
            registry.Q80 = [.. latest.Select(p => p.Q80 ?? double.NaN)];
            registry.Q95 = [.. latest.Select(p => p.Q95 ?? double.NaN)];
            registry.LastTrainedThrough = f.Analysis.Series.Last;
            issued = Issue(f, registry, latest, log, now);
        }

        return new CycleOutcome(registry, log, retired, run, scored, issued);
    }

    /// <summary>Why this method serves, in one sentence a person can read, with its error in ms and in %.</summary>
    public static string Reason(WalkForwardRun run, string method)
    {
        ArgumentNullException.ThrowIfNull(run);
        var record = run.Record(1, 90);
        if (method != ForecastMethods.Combined)
        {
            return record.N == 0
                ? "Your 7-day average is the forecast for now: Bio needs a few weeks of mornings to score its forecasts against before it can do better."
                : $"Your 7-day average is the forecast for now: Bio needs {run.Settings.MinScoredForBaseline} scored mornings before it weighs your latest reading and longer-run level in, and {run.Settings.MinScoredForModel} before your own pattern. So far it is off by {F(record.Mean7Ms)} ms ({F(record.Mean7Percent)} %) on average.";
        }

        var versus = record.Mean7Ms > 0 ? 1 - record.ServedMs / record.Mean7Ms : 0;
        var comparison = versus >= 0.005 ? $"{F(versus * 100)} % closer than your 7-day average alone ({F(record.Mean7Ms)} ms)"
            : versus <= -0.005 ? $"{F(-versus * 100)} % further off than your 7-day average alone ({F(record.Mean7Ms)} ms) lately; the weights move towards whatever does better"
            : $"about as close as your 7-day average alone ({F(record.Mean7Ms)} ms)";
        return $"Bio's forecast blends {ForecastMethods.BlendWords}, each weighted by how well it did on your recent mornings. " +
               $"Over your last {record.N} scored mornings it was off by {F(record.ServedMs)} ms ({F(record.ServedPercent)} %) on average, {comparison}.";
    }

    private static string F(double v) => v.ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>Fills in the actual and error of every logged forecast whose morning now has an HRV reading.</summary>
    private static int Score(ForecastFeatures f, List<ForecastLogRow> log)
    {
        var series = f.Analysis.Series;
        var scored = 0;
        foreach (var row in log.Where(r => r.ActualMs is null && f.Length > 0 && r.Target >= series.First && r.Target <= series.Last))
        {
            if (series.Hrv[series.Index(row.Target)] is { } actual)
            {
                row.ActualMs = actual;
                row.ErrorMs = row.HrvMs - actual;
                scored++;
            }
        }

        return scored;
    }

    /// <summary>Issues the seven forecasts from the latest day, unless they were already issued.</summary>
    private static int Issue(ForecastFeatures f, ModelRegistryState registry, IReadOnlyList<WalkForwardPoint> latest, List<ForecastLogRow> log, DateTimeOffset now)
    {
        var origin = f.Analysis.Series.Date(latest[0].Origin);
        if (log.Any(r => r.Origin == origin))
        {
            return 0;
        }

        foreach (var p in latest)
        {
            double? Bound(double? q, int sign) => q is { } v ? Math.Exp(p.Served + sign * v) : null;
            log.Add(new ForecastLogRow
            {
                Origin = origin, Target = origin.AddDays(p.Horizon), Horizon = p.Horizon, IssuedAtUtc = now.UtcDateTime, Method = p.Method,
                ModelVersion = null, HrvMs = Math.Exp(p.Served),
                Lower80 = Bound(p.Q80, -1), Upper80 = Bound(p.Q80, 1), Lower95 = Bound(p.Q95, -1), Upper95 = Bound(p.Q95, 1),
                PersistenceMs = Math.Exp(p.Persistence), Mean7Ms = Math.Exp(p.Mean7),
            });
        }

        return latest.Count;
    }

    /// <summary>The split-conformal quantile: the ⌈(k+1)(1-α)⌉-th smallest of k absolute errors; NaN with fewer than 5, ∞ when k is too small for α.</summary>
    public static double Conformal(List<double> absoluteErrors, double alpha)
    {
        ArgumentNullException.ThrowIfNull(absoluteErrors);
        if (absoluteErrors.Count < 5)
        {
            return double.NaN;
        }

        var sorted = absoluteErrors.Order().ToList();
        var rank = (int)Math.Ceiling((sorted.Count + 1) * (1 - alpha));
        return rank > sorted.Count ? double.PositiveInfinity : sorted[rank - 1];
    }

    /// <summary>Next-day forecast against actual over the last 28 days of scored forecasts, per method served.</summary>
    public static IReadOnlyList<RollingAccuracy> Rolling(IEnumerable<ForecastLogRow> log, DateOnly through, int days = 28)
    {
        var recent = log.Where(r => r.Horizon == 1 && r.ActualMs is not null && r.Target > through.AddDays(-days) && r.Target <= through).ToList();
        return [.. recent.GroupBy(r => r.Method).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var mae = g.Average(r => Math.Abs(r.ErrorMs!.Value));
            var persistence = g.Average(r => Math.Abs(r.PersistenceMs - r.ActualMs!.Value));
            var mean7 = g.Average(r => Math.Abs(r.Mean7Ms - r.ActualMs!.Value));
            var withInterval = g.Where(r => r.Lower80 is not null).ToList();
            return new RollingAccuracy(g.Key, g.Count(), mae, persistence > 0 ? mae / persistence : null, mean7 > 0 ? mae / mean7 : null,
                withInterval.Count == 0 ? null : withInterval.Count(r => r.ActualMs >= r.Lower80 && r.ActualMs <= r.Upper80) / (double)withInterval.Count);
        })];
    }

    private static void Log(ModelRegistryState registry, DateTime at, string kind, string text) =>
        registry.Events.Add(new RegistryEvent { AtUtc = at, Kind = kind, Text = text });
}
