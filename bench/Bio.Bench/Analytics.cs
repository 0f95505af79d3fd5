using System.Diagnostics;
using Bio.Core.Analytics;
using Bio.Core.Ingest;
using Bio.Core.Lake;
using Bio.Core.Synthetic;

namespace Bio.Bench;

/// <summary>
/// Analytics speed on a synthetic person with five years of data: a full recompute (silver to day
/// series, every per-day model, the gold views and the five insights) and the incremental update after
/// a one-day import. Reports the median and p95 of many runs after a warm-up.
/// </summary>
internal static class Analytics
{
    public static void Run()
    {
        var lastDay = new DateOnly(2026, 11, 24);
        var person = SyntheticPerson.Generate(seed: 5, days: 5 * 365 + 1, lastDay);
        var silver = new Silver();
        var history = new ImportBatch(person.Batch.Source);
        history.Daily.AddRange(person.Batch.Daily.Where(o => o.Date < lastDay));
        history.Workouts.AddRange(person.Batch.Workouts.Where(w => w.LocalDate < lastDay));
        silver.Merge(history, "history");
        var before = Analysis.Run(DaySeries.FromSilver(silver));
        var today = new ImportBatch(person.Batch.Source);
        today.Daily.AddRange(person.Batch.Daily.Where(o => o.Date == lastDay));
        today.Workouts.AddRange(person.Batch.Workouts.Where(w => w.LocalDate == lastDay));
        var changed = silver.Merge(today, "today").EarliestChange;
        Console.WriteLine($"# Bio analytics benchmarks: {Environment.ProcessorCount} cores, .NET {Environment.Version}, synthetic user with {DaySeries.FromSilver(silver).Length} days, {silver.Workouts.Count} workouts");

        Measure("full recompute, 5 years (series + per-day models)", 200, () => Analysis.Run(DaySeries.FromSilver(silver)));
        Measure("full recompute, 5 years (+ gold views + insights)", 100, () => Everything(Analysis.Run(DaySeries.FromSilver(silver))));
        Measure("incremental after a one-day import (series + per-day models)", 500, () => Analysis.Run(DaySeries.FromSilver(silver), before, changed));
        Measure("incremental after a one-day import (+ gold views + insights)", 200, () => Everything(Analysis.Run(DaySeries.FromSilver(silver), before, changed)));

        var result = Analysis.Run(DaySeries.FromSilver(silver), before, changed);
        Console.WriteLine($"incremental recomputed {result.Series.Length - result.RecomputedFrom} of {result.Series.Length} days");
        foreach (var insight in Insights.Compute(result, lastDay.AddDays(-364), lastDay))
        {
            Console.WriteLine($"insight {insight.Id}: {insight.Status}, n={insight.N}, p={insight.P:0.0000}: {insight.Narrative}");
        }
    }

    private static int Everything(AnalysisResult a) =>
        GoldViews.HrvStatusRows(a).Count + GoldViews.TrainingLoadRows(a).Count + GoldViews.OvertrainingRiskRows(a).Count +
        GoldViews.AnomalyRows(a).Count + GoldViews.EnergyStateRows(a).Count + GoldViews.WorkoutRecommendationRows(a).Count +
        GoldViews.WorkoutTypeOptimization(a).Count + GoldViews.SleepPerformancePrediction(a).Count +
        GoldViews.ReadinessPerformanceCorrelation(a).Count + Insights.Compute(a).Count;

    private static void Measure<T>(string name, int runs, Func<T> work)
    {
        for (var i = 0; i < 10; i++)
        {
            work();
        }

        var times = new List<double>(runs);
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            work();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        allocated = (GC.GetAllocatedBytesForCurrentThread() - allocated) / runs;
        times.Sort();
        Console.WriteLine($"{name}: median {times[runs / 2]:0.00} ms, p95 {times[(int)(runs * 0.95)]:0.00} ms, {allocated / 1024.0 / 1024:0.0} MB allocated per run");
    }
}
