using System.Diagnostics;
using Bio.Core.Analytics;
using Bio.Core.Forecasting;
using Bio.Core.Lake;
using Bio.Core.Synthetic;

namespace Bio.Bench;

/// <summary>The nightly forecasting cycle for many people (the walk-forward backtests are <see cref="WalkForwardBench"/>).</summary>
internal static class Forecasts
{
    /// <summary>
    /// The nightly cycle for many users, in process: each user's analysis from silver, then the cycle
    /// (score, the walk-forward pass over the history, issue seven forecasts), from an empty registry.
    /// </summary>
    public static void Nightly(int users)
    {
        var lastDay = new DateOnly(2026, 11, 24);
        Console.WriteLine($"# Bio nightly forecasts: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {users} users with a year of data each");
        var clock = new Stopwatch();
        var issued = 0;
        long allocatedBytes = 0;
        for (var u = 0; u < users; u++)
        {
            // Generated untimed, one at a time, as a silo holds only its active users' data.
            var silver = new Silver();
            silver.Merge(SyntheticPerson.Generate(1000 + u, 365, lastDay).Batch, "synthetic");
            var before = GC.GetAllocatedBytesForCurrentThread();
            clock.Start();
            var f = new ForecastFeatures(Analysis.Run(DaySeries.FromSilver(silver)));
            issued += ForecastCycle.Run(f, new ModelRegistryState(), [], DateTimeOffset.UnixEpoch).Issued;
            clock.Stop();
            allocatedBytes += GC.GetAllocatedBytesForCurrentThread() - before;
        }

        var nightly = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"cycle (analysis + features + walk-forward pass + 7 forecasts) for {users} users: {nightly:0.0} s, {nightly * 1000 / users:0.0} ms a user, " +
            $"{allocatedBytes / 1024.0 / 1024 / users:0.0} MB allocated a user, {issued} forecasts");
    }
}
