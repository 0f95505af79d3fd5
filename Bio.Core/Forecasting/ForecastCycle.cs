using System.Globalization;

namespace Bio.Core.Forecasting;

/// <summary>What one run of the daily cycle changed: the registry, the log, a model to store, models to delete, and the model to serve.</summary>
public sealed record CycleOutcome(ModelRegistryState Registry, List<ForecastLogRow> Log, (int Version, HrvModel Model)? NewModel, List<int> Retired, HrvModel? Serving, int Scored, int Issued);

/// <summary>
/// The daily forecasting cycle of one person (DESIGN §7), pure: score the forecasts whose morning has
/// come, retrain when due with a champion/challenger test, and issue the forecast from the latest day.
/// <list type="bullet">
/// <item>Retraining is due every 28 days of new data (or when there is no model). The challenger is
/// trained on data up to 28 days before the latest day and tested on those 28 days; the champion,
/// trained at least that long ago, is tested on the same days, out of sample for both, beside the two
/// baselines. The lowest next-day MAE is served; a winning challenger is refitted on all data first.</item>
/// <item>Every trained model is registered with its data window, trainer settings, features and
/// validation; the best 3 by validation stay (the champion always), the rest are deleted. Every
/// decision is a line in the registry's log.</item>
/// <item>Per horizon, the served model is used only where it also beats both baselines at that horizon
/// on the validation days; other days ahead are served by the better baseline (and the log says so).</item>
/// <item>Intervals are split-conformal: from the served method's own scored forecasts in the log once
/// there are 20 for a horizon (the last 120), before that from its validation errors.</item>
/// </list>
/// </summary>
public static class ForecastCycle
{
    public const int ValidationDays = 28;
    public const int RetrainEveryDays = 28;
    public const int KeepModels = 3;

    /// <summary>How often a person without a model of their own is re-evaluated (their history grows into one).</summary>
    public const int ColdStartEveryDays = 7;

    public static CycleOutcome Run(
        ForecastFeatures f, ModelRegistryState registry, HrvModel? champion, List<ForecastLogRow> log, DateTimeOffset now,
        ForecastSettings? settings = null, Func<HrvModel?>? pooled = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(log);
        settings ??= new ForecastSettings();
        var series = f.Analysis.Series;
        var n = f.Length;
        var scored = Score(f, log);
        (int, HrvModel)? added = null;
        var retired = new List<int>();
        var serving = champion;
        var every = registry.Champion is null ? ColdStartEveryDays : RetrainEveryDays;
        if (n > 0 && (registry.LastTrainedThrough is not { } through || series.Last.DayNumber - through.DayNumber >= every))
        {
            (added, serving) = Retrain(f, registry, champion, now, settings, retired, pooled);
        }

        var issued = n > 0 ? Issue(f, registry, serving, registry.Served == ForecastMethods.Pooled ? pooled?.Invoke() : null, log, now) : 0;
        return new CycleOutcome(registry, log, added, retired, serving, scored, issued);
    }

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

    private static ((int, HrvModel)?, HrvModel?) Retrain(
        ForecastFeatures f, ModelRegistryState registry, HrvModel? champion, DateTimeOffset now, ForecastSettings settings, List<int> retired,
        Func<HrvModel?>? pooledModel)
    {
        var series = f.Analysis.Series;
        var n = f.Length;
        var at = now.UtcDateTime;
        var cutoff = n - 1 - ValidationDays;
        var challenger = cutoff > 0 ? HrvForecaster.Train(f, cutoff, settings) : null;
        registry.LastTrainedThrough = series.Last;

        // Everyone on the same out-of-sample days: origins from the cutoff on, targets known.
        var from = Math.Max(0, cutoff);
        var useChampion = champion is not null && champion.TrainedThrough <= from;
        // A cold start (no model of their own possible yet, 30+ days): the pooled model competes with the baselines.
        var pooled = challenger is null && !useChampion && n >= 30 ? pooledModel?.Invoke() : null;
        var errors = new Dictionary<string, List<double>[]>();
        foreach (var method in (string[])[ForecastMethods.Model, "champion", ForecastMethods.Pooled, ForecastMethods.Persistence, ForecastMethods.Mean7])
        {
            errors[method] = [.. Enumerable.Range(0, HrvForecaster.MaxHorizon).Select(_ => new List<double>())];
        }

        for (var h = 1; h <= HrvForecaster.MaxHorizon; h++)
        {
            var origins = Enumerable.Range(from, Math.Max(0, n - h - from)).Where(o => f.Actual(o + h) is not null && f.Level(o) is not null && f.Row(o, h) is not null).ToList();
            var rows = origins.Select(o => f.Row(o, h)!).ToList();
            var byChallenger = challenger?.Predict(h, rows);
            var byChampion = useChampion ? champion!.Predict(h, rows) : null;
            var byPooled = pooled?.Predict(h, rows);
            for (var k = 0; k < origins.Count; k++)
            {
                var o = origins[k];
                var actual = f.Actual(o + h)!.Value;
                var level = f.Level(o)!.Value;
                if (byChallenger is not null)
                {
                    errors[ForecastMethods.Model][h - 1].Add(level + byChallenger[k] - actual);
                }

                if (byChampion is not null)
                {
                    errors["champion"][h - 1].Add(level + byChampion[k] - actual);
                }

                if (byPooled is not null)
                {
                    errors[ForecastMethods.Pooled][h - 1].Add(level + byPooled[k] - actual);
                }

                errors[ForecastMethods.Persistence][h - 1].Add(f.Persistence(o)!.Value - actual);
                errors[ForecastMethods.Mean7][h - 1].Add(level - actual);
            }
        }

        // Next-day MAE in ms on the validation days (the same days for every method).
        var actuals = Enumerable.Range(from, Math.Max(0, n - 1 - from)).Where(o => f.Actual(o + 1) is not null && f.Level(o) is not null && f.Row(o, 1) is not null)
            .Select(o => f.Actual(o + 1)!.Value).ToList();
        double? Mae(string method) => errors[method][0].Count == 0 || errors[method][0].Count != actuals.Count
            ? null
            : errors[method][0].Zip(actuals, (e, y) => Math.Abs(Math.Exp(y + e) - Math.Exp(y))).Average();
        var candidates = new[] { ForecastMethods.Model, "champion", ForecastMethods.Pooled, ForecastMethods.Persistence, ForecastMethods.Mean7 }
            .Select(m => (Method: m, Mae: Mae(m))).Where(c => c.Mae is not null).ToList();
        if (candidates.Count == 0)
        {
            registry.Served = ForecastMethods.Mean7;
            registry.Champion = null;
            registry.Q80 = registry.Q95 = [];
            registry.ServedByHorizon = [];
            Log(registry, at, "baseline", $"only {n} days of history: the 7-day mean is served, labelled as such, until a model can be trained and tested");
            return (null, champion);
        }

        var winner = candidates.MinBy(c => c.Mae!.Value);
        string Text(string m) => candidates.FirstOrDefault(c => c.Method == m).Mae is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) + " ms" : "n/a";
        var summary = $"next-day MAE on {actuals.Count} validation days {series.Date(from):yyyy-MM-dd}..{series.Date(n - 1):yyyy-MM-dd}: " +
                      $"challenger {Text(ForecastMethods.Model)}, champion {(useChampion ? Text("champion") : "none")}, " +
                      (pooled is null ? "" : $"pooled model {Text(ForecastMethods.Pooled)}, ") +
                      $"yesterday's value {Text(ForecastMethods.Persistence)}, 7-day mean {Text(ForecastMethods.Mean7)}";
        (int, HrvModel)? added = null;
        var serving = champion;
        if (challenger is not null)
        {
            var final = winner.Method == ForecastMethods.Model ? HrvForecaster.Train(f, n - 1, settings) ?? challenger : challenger;
            var version = registry.NextVersion++;
            registry.Models.Add(new ModelEntry
            {
                Version = version, TrainedAtUtc = at, DataFrom = series.First, DataTo = series.Date(final.TrainedThrough),
                TrainingPairs = final.Pairs, Trainer = $"FastTree {settings}", Features = [.. ForecastFeatures.Names],
                ValidationMaeMs = Mae(ForecastMethods.Model)!.Value, ValidationMaePersistenceMs = Mae(ForecastMethods.Persistence)!.Value,
                ValidationMaeMean7Ms = Mae(ForecastMethods.Mean7)!.Value, ValidationFrom = series.Date(from), ValidationTo = series.Date(n - 1), ValidationN = actuals.Count,
            });
            added = (version, final);
            Log(registry, at, "trained", $"v{version} trained on {series.First:yyyy-MM-dd}..{series.Date(final.TrainedThrough):yyyy-MM-dd} ({final.Pairs} examples)");
            if (winner.Method == ForecastMethods.Model)
            {
                var previous = registry.Served == ForecastMethods.Model ? registry.Champion : null;
                registry.Champion = version;
                serving = final;
                Log(registry, at, "served", previous is { } p ? $"v{version} replaces v{p}: {summary}" : $"v{version} is served: {summary}");
            }
        }

        if (winner.Method == "champion")
        {
            Log(registry, at, "kept", $"champion v{registry.Champion} kept: {summary}");
        }
        else if (winner.Method == ForecastMethods.Pooled)
        {
            Log(registry, at, "pooled", $"only {n} days of history, too few for a model of your own: the pooled model (fitted on a synthetic population) is served because it beat both baselines on your days; {summary}");
        }
        else if (winner.Method is ForecastMethods.Persistence or ForecastMethods.Mean7)
        {
            var name = winner.Method == ForecastMethods.Persistence ? "yesterday's-value" : "7-day-mean";
            Log(registry, at, "baseline", challenger is null && !useChampion
                ? $"only {n} days of history (a model needs about 60 days of HRV, then 28 more to be tested): the {name} baseline, the better of the two on your data, is served, labelled as such"
                : $"the {name} baseline is served because no model beat it: {summary}");
        }

        registry.Served = winner.Method is ForecastMethods.Model or "champion" ? ForecastMethods.Model : winner.Method;
        if (registry.Served != ForecastMethods.Model)
        {
            registry.Champion = null; // a cold start keeps being re-evaluated weekly until a model of its own wins
        }
        // Per horizon, the served model only where it beats both baselines at that horizon too (mean
        // absolute error in ln ms on the same validation days): Bio never serves a forecast it knows to be worse.
        registry.ServedByHorizon = new string[HrvForecaster.MaxHorizon];
        registry.Q80 = new double[HrvForecaster.MaxHorizon];
        registry.Q95 = new double[HrvForecaster.MaxHorizon];
        for (var h = 1; h <= HrvForecaster.MaxHorizon; h++)
        {
            var options = new[] { winner.Method, ForecastMethods.Persistence, ForecastMethods.Mean7 }.Distinct()
                .Where(m => errors[m][h - 1].Count > 0).ToList();
            // The next day was decided above (MAE in ms); later days by MAE in ln ms at their own horizon.
            var best = h == 1 || options.Count == 0 ? winner.Method : options.MinBy(m => errors[m][h - 1].Average(Math.Abs))!;
            registry.ServedByHorizon[h - 1] = best is "champion" ? ForecastMethods.Model : best;
            var absolute = errors[best][h - 1].Select(Math.Abs).ToList();
            (registry.Q80[h - 1], registry.Q95[h - 1]) = (Conformal(absolute, 0.2), Conformal(absolute, 0.05));
        }

        var baselineDays = registry.ServedByHorizon.Select((m, i) => (m, h: i + 1)).Where(x => x.m != registry.Served && x.m is ForecastMethods.Persistence or ForecastMethods.Mean7).ToList();
        if (registry.Served is ForecastMethods.Model or ForecastMethods.Pooled && baselineDays.Count > 0)
        {
            Log(registry, at, "horizons", $"days {string.Join(", ", baselineDays.Select(x => x.h))} ahead are served by a baseline, which beat the model at those horizons");
        }

        // Keep the best models by validation (the champion always).
        var keep = registry.Models.OrderBy(m => m.ValidationMaeMs).Take(KeepModels).Select(m => m.Version).ToHashSet();
        if (registry.Champion is { } c)
        {
            keep.Add(c);
        }

        foreach (var old in registry.Models.Where(m => !keep.Contains(m.Version)).ToList())
        {
            registry.Models.Remove(old);
            retired.Add(old.Version);
            Log(registry, at, "retired", $"v{old.Version} retired (validation MAE {old.ValidationMaeMs:0.00} ms)");
        }

        return (added, registry.Served == ForecastMethods.Model ? serving : null);
    }

    /// <summary>Issues the seven forecasts from the latest day, unless they were already issued.</summary>
    private static int Issue(ForecastFeatures f, ModelRegistryState registry, HrvModel? serving, HrvModel? pooled, List<ForecastLogRow> log, DateTimeOffset now)
    {
        var series = f.Analysis.Series;
        var t = f.Length - 1;
        var origin = series.Date(t);
        if (log.Any(r => r.Origin == origin) || f.Level(t) is not { } level || f.Persistence(t) is not { } persistence)
        {
            return 0;
        }

        for (var h = 1; h <= HrvForecaster.MaxHorizon; h++)
        {
            var chosen = registry.ServedByHorizon.Length >= h ? registry.ServedByHorizon[h - 1] : registry.Served;
            var method = (chosen == ForecastMethods.Model && serving is null) || (chosen == ForecastMethods.Pooled && pooled is null)
                ? ForecastMethods.Mean7
                : chosen;
            var point = method switch
            {
                ForecastMethods.Model => level + (serving!.Predict(h, [f.Row(t, h)!]) is [var change] ? change : 0),
                ForecastMethods.Pooled => level + (pooled!.Predict(h, [f.Row(t, h)!]) is [var pooledChange] ? pooledChange : 0),
                ForecastMethods.Persistence => persistence,
                _ => level,
            };

            // Conformal half-widths: from this method's own scored forecasts once there are enough, else from validation.
            var own = log.Where(r => r.Horizon == h && r.Method == method && r.ActualMs is > 0 && r.Target <= origin)
                .TakeLast(120).Select(r => Math.Abs(Math.Log(r.HrvMs) - Math.Log(r.ActualMs!.Value))).ToList();
            var (q80, q95) = own.Count >= 20
                ? (Conformal(own, 0.2), Conformal(own, 0.05))
                : (registry.Q80.Length >= h ? registry.Q80[h - 1] : double.NaN, registry.Q95.Length >= h ? registry.Q95[h - 1] : double.NaN);
            double? Bound(double q, int sign) => double.IsFinite(q) ? Math.Exp(point + sign * q) : null;
            log.Add(new ForecastLogRow
            {
                Origin = origin, Target = origin.AddDays(h), Horizon = h, IssuedAtUtc = now.UtcDateTime, Method = method,
                ModelVersion = method == ForecastMethods.Model ? registry.Champion : null, HrvMs = Math.Exp(point),
                Lower80 = Bound(q80, -1), Upper80 = Bound(q80, 1), Lower95 = Bound(q95, -1), Upper95 = Bound(q95, 1),
                PersistenceMs = Math.Exp(persistence), Mean7Ms = Math.Exp(level),
            });
        }

        return HrvForecaster.MaxHorizon;
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
