using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Bio.Core.Sync;
using Bio.Core.Users;
using Bio.FakeClouds;
using Microsoft.Extensions.DependencyInjection;

namespace Bio.Bench;

/// <summary>
/// N people connect Oura and WHOOP (the fake clouds of the tests, on loopback, each holding the same
/// nights) on one silo on Azurite: their backfills, then a routine sync of every connection after the
/// providers re-scored the last night. Per phase and provider: the time, the data and token calls, the
/// most calls in any minute against the configured budget, the calls not answered 200, the syncs that
/// ended with an error, and what was imported.
/// </summary>
internal static class SyncBench
{
    public static async Task RunAsync(int people, int nights, int callsPerMinute, int parallel)
    {
        await using var whoop = await FakeWhoop.StartAsync();
        await using var oura = await FakeOura.StartAsync();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        foreach (var cloud in new FakeCloud[] { whoop, oura })
        {
            cloud.Days.AddRange(Enumerable.Range(0, nights).Select(i => today.AddDays(-i)));
        }

        using var azurite = await BenchAzurite.StartAsync();
        var settings = BenchCluster.Settings(azurite);
        foreach (var (key, value) in whoop.Settings().Concat(oura.Settings()))
        {
            settings[key] = value;
        }

        settings["Bio:Sync:BackfillDays"] = nights.ToString(CultureInfo.InvariantCulture);
        foreach (var section in new[] { "Whoop", "Oura" })
        {
            settings[$"Bio:Sync:{section}:CallsPerWindow"] = callsPerMinute.ToString(CultureInfo.InvariantCulture);
            settings[$"Bio:Sync:{section}:RateWindow"] = "00:01:00";
        }

        settings["Orleans:GrainCollection:CollectionAge"] = "02:00:00";
        Console.WriteLine($"# Bio sync: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {people} people each connecting Oura and WHOOP, {nights} nights at each fake cloud, " +
            $"a budget of {callsPerMinute} calls a minute per provider for the cluster, {parallel} people at a time, one silo on Azurite");
        var silo = await BenchCluster.StartSiloAsync(settings);
        using var host = await BenchCluster.ConnectAsync(settings);
        var cluster = host.Services.GetRequiredService<IClusterClient>();
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var ids = Enumerable.Range(0, people).Select(i => $"sync-{i:D5}").ToList();
        var providers = new[] { ("whoop", (FakeCloud)whoop), ("oura", oura) };
        var errors = new ConcurrentDictionary<string, int>();
        void Error(string what) => errors.AddOrUpdate(what, 1, (_, n) => n + 1);

        // Phase 1: every person connects both (the consent's redirect, then the callback); each backfill starts at once.
        var clock = Stopwatch.StartNew();
        var marks = providers.ToDictionary(p => p.Item1, p => p.Item2.Calls.Count);
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (id, ct) =>
        {
            await cluster.GetGrain<IAccountGrain>(id).CreateAsync(new CreateUser(id, "UTC"));
            var connections = cluster.GetGrain<IConnectionsGrain>(id);
            foreach (var (provider, _) in providers)
            {
                var start = await connections.StartAsync(provider, $"http://127.0.0.1/api/connections/{provider}/callback");
                using var consent = await browser.GetAsync(start.AuthorizeUrl, ct);
                var query = System.Web.HttpUtility.ParseQueryString(consent.Headers.Location!.Query);
                await connections.CompleteAsync(provider, query["state"]!, query["code"]!);
            }
        });
        var connected = clock.Elapsed;
        var statuses = await WaitForSyncsAsync(cluster, ids, parallel, s => s.LastSyncAt is not null);
        var backfill = clock.Elapsed;
        Report("backfill", people, providers, marks, backfill, statuses, callsPerMinute, Error);
        Console.WriteLine($"backfill: {people} people connected both in {connected.TotalSeconds:0.0} s; every backfill done {backfill.TotalSeconds:0.0} s after the first connect");
        var nightsIn = await DaysAsync(cluster, ids, parallel);
        Console.WriteLine($"backfill: nights in silver per person: min {nightsIn.Min()}, max {nightsIn.Max()} (each cloud holds {nights})");
        if (nightsIn.Any(n => n != nights))
        {
            Error($"a person without exactly {nights} nights");
        }

        // Phase 2: the providers re-score last night; every connection syncs (as its reminder would), all at once.
        foreach (var (_, cloud) in providers)
        {
            cloud.Revise(today);
        }

        clock.Restart();
        marks = providers.ToDictionary(p => p.Item1, p => p.Item2.Calls.Count);
        var outcomes = new ConcurrentBag<SyncOutcome>();
        await Parallel.ForEachAsync(ids.SelectMany(id => providers.Select(p => (id, p.Item1))), new ParallelOptions { MaxDegreeOfParallelism = parallel * 2 }, async (work, _) =>
            outcomes.Add(await cluster.GetGrain<IConnectionsGrain>(work.id).SyncAsync(work.Item2)));
        var routine = clock.Elapsed;
        statuses = await WaitForSyncsAsync(cluster, ids, parallel, _ => true);
        Report("routine sync", people, providers, marks, routine, statuses, callsPerMinute, Error);
        Console.WriteLine($"routine sync: {outcomes.Count} syncs in {routine.TotalSeconds:0.0} s, {outcomes.Sum(o => o.Pages)} pages ({outcomes.Sum(o => o.Unchanged)} unchanged), " +
            $"{outcomes.Sum(o => o.Imports.Count)} imports of changed pages, {outcomes.Count(o => o.Error is not null)} ended with an error");
        foreach (var o in outcomes.Where(o => o.Error is not null).Take(3))
        {
            Console.WriteLine($"  error: {o.Provider}: {o.Error}");
        }

        Console.WriteLine(errors.IsEmpty ? "errors: none" : "errors: " + string.Join("; ", errors.Select(e => $"{e.Key} x{e.Value}")));
        await host.StopAsync();
        await silo.StopAsync();
    }

    private static async Task<List<ConnectionStatus>> WaitForSyncsAsync(IClusterClient cluster, List<string> ids, int parallel, Func<ConnectionStatus, bool> done)
    {
        while (true)
        {
            var all = new ConcurrentBag<ConnectionStatus>();
            await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (id, _) =>
            {
                foreach (var s in await cluster.GetGrain<IConnectionsGrain>(id).GetAsync())
                {
                    all.Add(s);
                }
            });
            if (all.All(done))
            {
                return [.. all];
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    private static async Task<List<int>> DaysAsync(IClusterClient cluster, List<string> ids, int parallel)
    {
        var counts = new ConcurrentBag<int>();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (id, _) =>
        {
            var days = await cluster.GetGrain<IUserGrain>(id).GetDailyAsync(null, null);
            counts.Add(days.Select(d => d.Date).Distinct().Count() == days.Count ? days.Count : -1);
        });
        return [.. counts];
    }

    private static void Report(string phase, int people, (string Id, FakeCloud Cloud)[] providers, Dictionary<string, int> marks, TimeSpan took,
        List<ConnectionStatus> statuses, int limit, Action<string> error)
    {
        foreach (var (id, cloud) in providers)
        {
            var calls = cloud.Calls.Skip(marks[id]).ToList();
            var data = calls.Where(c => !c.Path.Contains("oauth", StringComparison.Ordinal)).ToList();
            var tokens = calls.Count - data.Count;
            var peak = PeakPerMinute(data.Select(c => c.At).Order().ToList());
            var notOk = calls.Count(c => c.Status is not (200 or 204));
            var failed = statuses.Count(s => s.Provider == id && s.LastError is not null);
            Console.WriteLine($"{phase}: {id}: {data.Count} data calls ({(double)data.Count / people:0.0} a person) and {tokens} token calls in {took.TotalSeconds:0.0} s; " +
                $"peak {peak} data calls in any minute (budget {limit}); {notOk} calls not answered 2xx; {failed} connections with an error");
            if (peak > limit)
            {
                error($"{phase} {id}: {peak} calls in a minute over the budget of {limit}");
            }

            if (notOk > 0 || failed > 0)
            {
                error($"{phase} {id}: {notOk} refused calls, {failed} failed connections");
            }
        }
    }

    /// <summary>The most calls in any 60-second window (sliding over the calls' own times).</summary>
    private static int PeakPerMinute(List<DateTimeOffset> times)
    {
        var (peak, first) = (0, 0);
        for (var last = 0; last < times.Count; last++)
        {
            while (times[last] - times[first] >= TimeSpan.FromMinutes(1))
            {
                first++;
            }

            peak = Math.Max(peak, last - first + 1);
        }

        return peak;
    }
}
