using System.Diagnostics;
using System.Globalization;
using Bio.Core.Analytics;
using Bio.Core.Forecasting;
using Bio.Core.Ingest;
using Bio.Core.Lake;
using Bio.Core.Synthetic;

namespace Bio.Bench;

/// <summary>
/// The walk-forward forecaster (<see cref="WalkForward"/>) judged per series: real exports and CSV files
/// given on the command line, and synthetic people. Every forecast is out of sample. Per series and
/// horizon group: n, the served forecast's MAE (ms and %), its ratio to each naive baseline and to the
/// better of them, 80 % / 95 % coverage and the median 80 % width beside the 7-day mean's, and the time of
/// the pass. Then the pooled figures, and the timing of five- and ten-year people.
/// </summary>
internal static class WalkForwardBench
{
    public static void Run(string[] args)
    {
        var files = args.Where(a => File.Exists(a) || Directory.Exists(a)).SelectMany(a => Directory.Exists(a) ? Directory.GetFiles(a, "*.csv").Order() : (IEnumerable<string>)[a]).ToList();
        var synthetic = args.Where(a => a.StartsWith("synthetic=", StringComparison.Ordinal)).Select(a => int.Parse(a["synthetic=".Length..], CultureInfo.InvariantCulture)).FirstOrDefault(0);
        var settings = Settings(args);
        Console.WriteLine($"# Bio walk-forward forecasts: {Environment.ProcessorCount} cores, .NET {Environment.Version}; {settings}");
        Console.WriteLine($"{"series",-28} {"days",5} {"n",5} {"MAE ms",7} {"MAE %",6} {"/pers",6} {"/mean7",6} {"/better",7} {"cov80",5} {"cov95",5} {"w80",5} {"w80 m7",6} {"ms",6}  served");
        var all = new List<Row>();
        foreach (var file in files)
        {
            var detector = new FormatDetector(new ZipLimits());
            var importer = detector.Detect(() => File.OpenRead(file), Path.GetFileName(file), null, null);
            using var stream = File.OpenRead(file);
            var silver = new Silver();
            silver.Merge(importer.Import(stream, new ImportContext(Path.GetFileName(file), TimeZoneInfo.Utc)), "file");
            all.Add(Report(Path.GetFileNameWithoutExtension(file), silver, settings, [1]));
        }

        for (var seed = 1; seed <= synthetic; seed++)
        {
            var silver = new Silver();
            silver.Merge(SyntheticPerson.Generate(seed, 730, new DateOnly(2026, 11, 24)).Batch, "synthetic");
            all.Add(Report($"synthetic-{seed}", silver, settings, [1]));
        }

        foreach (var group in new[] { "real", "synthetic" })
        {
            var rows = all.Where(r => r.Name.StartsWith("synthetic", StringComparison.Ordinal) == (group == "synthetic")).ToList();
            if (rows.Count > 0)
            {
                var points = rows.SelectMany(r => r.Points).ToList();
                Console.WriteLine(Line($"pooled {group} ({rows.Count})", rows.Sum(r => r.Days), points, 0) + $"  worse than the better naive on {rows.Count(r => r.Ratio > 1.0001)} of {rows.Count} (worst {rows.MaxBy(r => r.Ratio)!.Ratio:0.0000}, {rows.MaxBy(r => r.Ratio)!.Name})");
                var week = rows.SelectMany(r => r.Week).ToList();
                Console.WriteLine(Line($"pooled {group}, days 1-7", rows.Sum(r => r.Days), week, 0));
                foreach (var h in Enumerable.Range(1, WalkForward.MaxHorizon))
                {
                    Console.WriteLine(Line($"  pooled {group}, day {h}", rows.Sum(r => r.Days), [.. week.Where(p => p.Horizon == h)], 0));
                }
            }
        }

        foreach (var years in (int[])[5, 10])
        {
            var silver = new Silver();
            silver.Merge(SyntheticPerson.Generate(7, years * 365, new DateOnly(2026, 11, 24)).Batch, "synthetic");
            var features = new ForecastFeatures(Analysis.Run(DaySeries.FromSilver(silver)));
            WalkForward.Run(features, settings);
            var times = new List<double>();
            for (var i = 0; i < 5; i++)
            {
                var clock = Stopwatch.StartNew();
                WalkForward.Run(features, settings);
                times.Add(clock.Elapsed.TotalMilliseconds);
            }

            times.Sort();
            Console.WriteLine($"walk-forward pass (the backtest, and the retrain: it is the same pass) over {years} years ({features.Length} days): median {times[2]:0.0} ms (min {times[0]:0.0}, max {times[^1]:0.0}) of 5");
            // A cold person's first forecast: the analysis of their silver, the features, the cycle from an empty registry.
            var cold = new List<double>();
            for (var i = 0; i < 5; i++)
            {
                var clock = Stopwatch.StartNew();
                var f = new ForecastFeatures(Analysis.Run(DaySeries.FromSilver(silver)));
                var outcome = ForecastCycle.Run(f, new ModelRegistryState(), [], DateTimeOffset.UnixEpoch);
                _ = Forecaster.Present(outcome.Run, outcome.Registry, outcome.Log) ?? throw new InvalidOperationException("no forecast");
                cold.Add(clock.Elapsed.TotalMilliseconds);
            }

            cold.Sort();
            Console.WriteLine($"first forecast of a cold person with {years} years (analysis + features + cycle + presentation): median {cold[2]:0.0} ms (min {cold[0]:0.0}, max {cold[^1]:0.0}) of 5");
        }
    }

    private static WalkForwardSettings Settings(string[] args)
    {
        var s = new WalkForwardSettings();
        foreach (var arg in args.Where(a => a.Contains('=', StringComparison.Ordinal) && !a.StartsWith("synthetic=", StringComparison.Ordinal)))
        {
            var (key, value) = (arg[..arg.IndexOf('=', StringComparison.Ordinal)], double.Parse(arg[(arg.IndexOf('=', StringComparison.Ordinal) + 1)..], CultureInfo.InvariantCulture));
            s = key switch
            {
                "ridge" => s with { Ridge = value },
                "discount" => s with { Discount = value },
                "halflife" => s with { ErrorHalfLifeDays = value },
                "minmodel" => s with { MinScoredForModel = (int)value },
                "power" => s with { Power = value },
                "minbase" => s with { MinScoredForBaseline = (int)value },
                _ => throw new ArgumentException($"unknown setting {key}"),
            };
        }

        return s;
    }

    private sealed record Row(string Name, int Days, List<WalkForwardPoint> Points, List<WalkForwardPoint> Week, double Ratio);

    private static Row Report(string name, Silver silver, WalkForwardSettings settings, int[] horizons)
    {
        var features = new ForecastFeatures(Analysis.Run(DaySeries.FromSilver(silver)));
        var clock = Stopwatch.StartNew();
        var run = WalkForward.Run(features, settings);
        var ms = clock.Elapsed.TotalMilliseconds;
        var scored = run.Points.Where(p => p.Actual is not null).ToList();
        var next = scored.Where(p => horizons.Contains(p.Horizon)).ToList();
        var served = string.Join(" ", next.GroupBy(p => p.Method).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {100.0 * g.Count() / next.Count:0}%"));
        Console.WriteLine(Line(name, features.Length, next, ms) + "  " + served);
        return new Row(name, features.Length, next, scored, Ratio(next));
    }

    private static double Mae(List<WalkForwardPoint> points, Func<WalkForwardPoint, double> pick) =>
        points.Average(p => Math.Abs(Math.Exp(pick(p)) - Math.Exp(p.Actual!.Value)));

    private static double Ratio(List<WalkForwardPoint> points) =>
        points.Count == 0 ? double.NaN : Mae(points, p => p.Served) / Math.Min(Mae(points, p => p.Persistence), Mae(points, p => p.Mean7));

    private static string Line(string name, int days, List<WalkForwardPoint> points, double ms)
    {
        if (points.Count == 0)
        {
            return $"{name,-28} {days,5} {0,5}  (no scored forecasts)";
        }

        var mae = Mae(points, p => p.Served);
        var maePct = points.Average(p => Math.Abs(Math.Exp(p.Served) - Math.Exp(p.Actual!.Value)) / Math.Exp(p.Actual!.Value)) * 100;
        var persistence = Mae(points, p => p.Persistence);
        var mean7 = Mae(points, p => p.Mean7);
        var withInterval = points.Where(p => p.Q80 is not null && p.Q95 is not null).ToList();
        var cov80 = withInterval.Count == 0 ? double.NaN : withInterval.Count(p => Math.Abs(p.Actual!.Value - p.Served) <= p.Q80) / (double)withInterval.Count;
        var cov95 = withInterval.Count == 0 ? double.NaN : withInterval.Count(p => Math.Abs(p.Actual!.Value - p.Served) <= p.Q95) / (double)withInterval.Count;
        var widths = withInterval.Select(p => Math.Exp(p.Served + p.Q80!.Value) - Math.Exp(p.Served - p.Q80!.Value)).Order().ToList();
        var width = widths.Count == 0 ? double.NaN : widths[widths.Count / 2];
        // The 7-day mean's own conformal width on the same days (from its residuals, as the pass keeps them).
        var m7 = MeanSevenWidth(points);
        return $"{name,-28} {days,5} {points.Count,5} {mae,7:0.00} {maePct,6:0.0} {mae / persistence,6:0.000} {mae / mean7,6:0.000} {mae / Math.Min(persistence, mean7),7:0.000} {cov80,5:0.00} {cov95,5:0.00} {width,5:0.0} {m7,6:0.0} {ms,6:0.0}";
    }

    private static double MeanSevenWidth(List<WalkForwardPoint> points)
    {
        var widths = new List<double>();
        foreach (var group in points.GroupBy(p => p.Horizon))
        {
            var errors = new List<double>();
            foreach (var p in group.OrderBy(p => p.Origin))
            {
                if (errors.Count >= 20)
                {
                    var q = ForecastCycle.Conformal([.. errors.TakeLast(120)], 0.2);
                    widths.Add(Math.Exp(p.Mean7 + q) - Math.Exp(p.Mean7 - q));
                }

                errors.Add(Math.Abs(p.Actual!.Value - p.Mean7));
            }
        }

        widths.Sort();
        return widths.Count == 0 ? double.NaN : widths[widths.Count / 2];
    }
}
