using System.Diagnostics;
using Bio.Core.Analytics;
using Bio.Core.Forecasting;
using Bio.Core.Ingest;
using Bio.Core.Lake;
using Bio.Core.Synthetic;

namespace Bio.Bench;

/// <summary>
/// Walk-forward HRV forecast backtests over synthetic people and over any export files given on the
/// command line: per series n, MAE, RMSE, MAE %, MASE against persistence and against the 7-day mean,
/// and 80 % / 95 % interval coverage, for the next day and for days 1-7 pooled. Also times training
/// one user's models on two years.
/// </summary>
internal static class Forecasts
{
    public static void Run(string[] args)
    {
        var files = args.Where(File.Exists).ToList();
        var people = args.Where(a => int.TryParse(a, out _)).Select(int.Parse).FirstOrDefault(files.Count == 0 ? 10 : 0);
        Console.WriteLine($"# Bio forecast backtests: {Environment.ProcessorCount} cores, .NET {Environment.Version}, walk-forward, refit every {new ForecastSettings().RefitEveryDays} days");
        var lastDay = new DateOnly(2026, 11, 24);
        var all = new List<(string Name, BacktestResult Result)>();
        for (var seed = 1; seed <= people; seed++)
        {
            var silver = new Silver();
            silver.Merge(SyntheticPerson.Generate(seed, 730, lastDay).Batch, "synthetic");
            all.Add(($"synthetic-{seed}", Report($"synthetic person {seed}, 730 days", silver)));
        }

        foreach (var file in files)
        {
            var detector = new FormatDetector(new ZipLimits());
            var importer = detector.Detect(() => File.OpenRead(file), Path.GetFileName(file), null, null);
            using var stream = File.OpenRead(file);
            var silver = new Silver();
            silver.Merge(importer.Import(stream, new ImportContext(Path.GetFileName(file), TimeZoneInfo.Utc)), "file");
            all.Add((file, Report(file, silver)));
        }

        if (all.Count(a => a.Result.Points.Count > 0) > 1)
        {
            Console.WriteLine();
            Console.WriteLine($"summary over {all.Count} series (next day): model served on {all.Count(a => a.Result.Champion() == ForecastMethods.Model)}; " +
                $"median MASE vs persistence {Median(all, a => a.MaseVsPersistence):0.000}, vs 7-day mean {Median(all, a => a.MaseVsMean7):0.000}, " +
                $"median 80% coverage {Median(all, a => a.Coverage80 ?? double.NaN):0.000}, 95% {Median(all, a => a.Coverage95 ?? double.NaN):0.000}");
        }

        // Training time: one user's seven direct models on two years.
        var timing = new Silver();
        timing.Merge(SyntheticPerson.Generate(99, 730, lastDay).Batch, "synthetic");
        var features = new ForecastFeatures(Analysis.Run(DaySeries.FromSilver(timing)));
        HrvForecaster.Train(features, features.Length - 1);
        var times = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var clock = Stopwatch.StartNew();
            HrvForecaster.Train(features, features.Length - 1);
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        Console.WriteLine($"training one user's 7 horizon models on 730 days: median {times[2]:0} ms (min {times[0]:0}, max {times[^1]:0})");
    }

    private static double Median(List<(string Name, BacktestResult Result)> all, Func<ForecastAccuracy, double> pick)
    {
        var values = all.Select(a => a.Result.Accuracy([1]).FirstOrDefault(x => x.Method == ForecastMethods.Model)).OfType<ForecastAccuracy>()
            .Select(pick).Where(double.IsFinite).Order().ToList();
        return values.Count == 0 ? double.NaN : values[values.Count / 2];
    }

    private static BacktestResult Report(string name, Silver silver)
    {
        var clock = Stopwatch.StartNew();
        var result = Backtest.Run(new ForecastFeatures(Analysis.Run(DaySeries.FromSilver(silver))));
        var seconds = clock.Elapsed.TotalSeconds;
        var byHorizon = result.Points.Count == 0 ? "" : $" (days 1-7: {string.Join(" ", result.ChampionByHorizon())})";
        Console.WriteLine($"{name}: {result.Points.Count(p => p.Horizon == 1)} next-day forecasts, backtest {seconds:0.0} s, served: {result.Champion()}{byHorizon}");
        if (result.Points.Count == 0)
        {
            var days = result.Features.Analysis.Series.Hrv.Count(v => v is not null);
            Console.WriteLine($"  too short to backtest: {days} days of HRV; a model needs about 60 before its forecasts can be tested");
        }
        foreach (var (label, horizons) in new[] { ("next day", (int[])[1]), ("days 1-7", [1, 2, 3, 4, 5, 6, 7]) })
        {
            foreach (var a in result.Accuracy(horizons))
            {
                Console.WriteLine($"  {label,-8} {a.Method,-11} n={a.N,5} MAE {a.MaeMs,5:0.00} ms ({a.MaePercent,4:0.0} %) RMSE {a.RmseMs,5:0.00} ms " +
                    $"MASE vs persistence {a.MaseVsPersistence:0.000} vs 7-day mean {a.MaseVsMean7:0.000} coverage 80% {a.Coverage80:0.000} 95% {a.Coverage95:0.000} (n={a.IntervalN})");
            }
        }

        return result;
    }

    /// <summary>
    /// The nightly cycle for many users, in process: each user's analysis from silver, then the cycle
    /// (score, issue seven forecasts with the served model). Training is due for a user every 28 days,
    /// so a night trains about 1/28 of the users; that share is timed separately and added.
    /// </summary>
    public static void Nightly(int users)
    {
        var lastDay = new DateOnly(2026, 11, 24);
        Console.WriteLine($"# Bio nightly forecasts: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {users} users with a year of data each");
        // Users are generated one at a time (untimed), as a silo holds only its active users' data.
        Silver SilverOf(int u)
        {
            var silver = new Silver();
            silver.Merge(SyntheticPerson.Generate(1000 + u, 365, lastDay).Batch, "synthetic");
            return silver;
        }

        // A trained registry per user would take minutes to set up; ten trained champions are shared round-robin
        // (issuing costs the same whichever model it is).
        var champions = Enumerable.Range(0, 10).Select(u =>
        {
            var f = new ForecastFeatures(Analysis.Run(DaySeries.FromSilver(SilverOf(u))));
            var registry = new ModelRegistryState();
            var outcome = ForecastCycle.Run(f, registry, null, [], DateTimeOffset.UtcNow);
            return (registry, outcome.Serving);
        }).ToList();

        var clock = new Stopwatch();
        var issued = 0;
        long allocatedBytes = 0;
        for (var u = 0; u < users; u++)
        {
            var silver = SilverOf(u);
            var (registry, serving) = champions[u % champions.Count];
            var copy = new ModelRegistryState { Served = registry.Served, Champion = registry.Champion, Q80 = registry.Q80, Q95 = registry.Q95, LastTrainedThrough = lastDay, NextVersion = registry.NextVersion };
            var before = GC.GetAllocatedBytesForCurrentThread();
            clock.Start();
            var f = new ForecastFeatures(Analysis.Run(DaySeries.FromSilver(silver)));
            issued += ForecastCycle.Run(f, copy, serving, [], DateTimeOffset.UtcNow).Issued;
            clock.Stop();
            allocatedBytes += GC.GetAllocatedBytesForCurrentThread() - before;
        }

        var nightly = clock.Elapsed.TotalSeconds;
        var allocated = allocatedBytes / 1024.0 / 1024 / users;
        var training = new List<double>();
        for (var u = 0; u < 5; u++)
        {
            var f = new ForecastFeatures(Analysis.Run(DaySeries.FromSilver(SilverOf(u))));
            var t = Stopwatch.StartNew();
            ForecastCycle.Run(f, new ModelRegistryState(), null, [], DateTimeOffset.UtcNow);
            training.Add(t.Elapsed.TotalSeconds);
        }

        var perTraining = training.Order().ElementAt(2);
        var trainedPerNight = Math.Ceiling(users / 28.0);
        Console.WriteLine($"issue (analysis + features + 7 forecasts with the served model) for {users} users: {nightly:0.0} s, {nightly * 1000 / users:0.0} ms a user, {allocated:0.0} MB allocated a user, {issued} forecasts");
        Console.WriteLine($"retraining (challenger + refit + validation) per user: median {perTraining:0.00} s; {trainedPerNight} users due a night: {trainedPerNight * perTraining:0} s");
        Console.WriteLine($"one night for {users} users on one core: about {nightly + trainedPerNight * perTraining:0} s");
    }
}
