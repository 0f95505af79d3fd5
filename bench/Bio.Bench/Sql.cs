using System.Diagnostics;
using Bio.Core.Lake;
using Bio.Core.Query;
using Bio.Core.Synthetic;

namespace Bio.Bench;

/// <summary>The SQL sandbox for a five-year user: building it from the lake snapshot, and query latency warm.</summary>
internal static class Sql
{
    public static void Run()
    {
        var silver = new Silver();
        silver.Merge(SyntheticPerson.Generate(5, 5 * 365 + 1, new DateOnly(2026, 11, 24)).Batch, "synthetic");
        Console.WriteLine($"# Bio SQL sandbox: {Environment.ProcessorCount} cores, .NET {Environment.Version}, a synthetic user with five years");
        var builds = new List<double>();
        for (var i = 0; i < 7; i++)
        {
            var snapshot = new LakeSnapshot(silver);
            var clock = Stopwatch.StartNew();
            using var sandbox = SqlSandbox.Create(snapshot);
            builds.Add(clock.Elapsed.TotalMilliseconds);
        }

        builds.Sort();
        Console.WriteLine($"build (15 tables from a fresh snapshot, locked): median {builds[3]:0} ms, max {builds[^1]:0} ms");
        using var warm = SqlSandbox.Create(new LakeSnapshot(silver));
        foreach (var sql in (string[])
        [
            "SELECT avg(readiness) FROM energy_state WHERE date >= DATE '2026-11-17'",
            "SELECT status, count(*) FROM hrv_status GROUP BY status",
            "SELECT date, readiness FROM energy_state WHERE readiness < 70 ORDER BY date DESC LIMIT 20",
            "SELECT w.discipline, avg(e.readiness) FROM workouts w JOIN energy_state e ON e.date = w.local_date + 1 GROUP BY 1",
        ])
        {
            var times = new List<double>();
            for (var i = 0; i < 205; i++)
            {
                var clock = Stopwatch.StartNew();
                warm.QueryJson(sql);
                if (i >= 5)
                {
                    times.Add(clock.Elapsed.TotalMilliseconds);
                }
            }

            times.Sort();
            Console.WriteLine($"{sql[..Math.Min(60, sql.Length)],-60}  p50 {times[100]:0.00} ms  p95 {times[190]:0.00} ms (guard + run + JSON)");
        }
    }
}
