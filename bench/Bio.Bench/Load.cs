using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Bio.Core.Agent;
using Bio.Core.Lake;
using Bio.Core.Users;
using Bio.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bio.Bench;

/// <summary>
/// A bounded load driver on loopback: one silo on Azurite in this process and a client, N people who
/// each make their account, upload D days of history (30 by default), then do a day as the app does it (the morning's
/// import, a status read, a question to the agent); then R concurrent dashboard readers reading
/// statuses for a while, first through the Orleans client, then over HTTP through Bio.Api (its own process,
/// each person's own key). It prints throughput, p50/p95/p99 per kind, errors, and the managed heap
/// (forced full collection) before and with every person's grain active.
/// </summary>
internal static class Load
{
    public static async Task RunAsync(int users, int readers, int seconds, int parallel, int history)
    {
        using var azurite = await BenchAzurite.StartAsync();
        var settings = BenchCluster.Settings(azurite);
        // Keep every grain active for the whole run (the default collection age is longer than a run anyway).
        settings["Orleans:GrainCollection:CollectionAge"] = "02:00:00";
        // SQL sandboxes close after 5 s idle here (2 minutes by default), so the steady heap is measured within the run.
        settings["Query:SandboxIdle"] = "00:00:05";
        Console.WriteLine($"# Bio load: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {users} users with {history} days each, {parallel} at a time, one silo on Azurite, an Orleans client in process, Bio.Api in its own process for the HTTP readers");
        var silo = await BenchCluster.StartSiloAsync(settings);
        using var client = await BenchCluster.ConnectAsync(settings);
        // Started now, while storage is small and quick: past ~7,500 people the emulator can pause for long
        // enough (its own collection of unreferenced data) that a process starting then cannot read the membership table.
        var api = await BenchApi.StartAsync(new Dictionary<string, string?>(settings) { ["RateLimits:PermitsPerMinute"] = "100000000" });
        var cluster = client.Services.GetRequiredService<IClusterClient>();
        var lake = new LakeStore(new Azure.Storage.Blobs.BlobServiceClient(azurite.ConnectionString));
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var samples = new ConcurrentDictionary<string, ConcurrentBag<double>>();
        var errors = new ConcurrentDictionary<string, int>();
        async Task Time(string kind, Func<Task> work)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                await work();
                samples.GetOrAdd(kind, _ => []).Add(clock.Elapsed.TotalMilliseconds);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                errors.AddOrUpdate($"{kind}: {e.GetType().Name}", 1, (_, n) => n + 1);
            }
        }

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        static byte[] Csv(DateOnly from, int days, int seed)
        {
            var csv = new StringBuilder("date,hrv_rmssd_ms,resting_hr_bpm,sleep_minutes,steps\n");
            var random = new Random(seed);
            for (var d = 0; d < days; d++)
            {
                csv.Append(CultureInfo.InvariantCulture, $"{from.AddDays(d):yyyy-MM-dd},{45 + (random.NextDouble() * 20):0.0},{50 + (random.NextDouble() * 8):0.0},{400 + random.Next(90)},{4000 + random.Next(8000)}\n");
            }

            return Encoding.UTF8.GetBytes(csv.ToString());
        }

        var ids = Enumerable.Range(0, users).Select(i => $"load-{i:D5}").ToList();
        var keys = new ConcurrentDictionary<string, string>();
        var all = Stopwatch.StartNew();
        var done = 0;
        var phase = "setup";
        // Progress on standard error every 30 s, so a long run can be followed (and its rate seen to hold).
        using var progress = new Timer(_ => Console.Error.WriteLine(
            $"[{all.Elapsed:mm\\:ss}] {phase}: {Volatile.Read(ref done)}/{users} people, errors {errors.Values.Sum()}, heap {GC.GetTotalMemory(false) / 1048576} MiB"), null, 30_000, 30_000);
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (id, _) =>
        {
            var grain = cluster.GetGrain<IUserGrain>(id);
            var seed = id.GetHashCode(StringComparison.Ordinal);
            await Time("create account", async () => keys[id] = (await cluster.GetGrain<IAccountGrain>(id).CreateAsync(new CreateUser(id, "UTC"))).ApiKey);
            await Time($"upload {history} days", async () => await grain.IngestAsync(await lake.WriteBronzeAsync(id, new MemoryStream(Csv(today.AddDays(-history - 1), history, seed)), "history.csv"), null, null));
            Interlocked.Increment(ref done);
        });
        var setup = all.Elapsed;
        all.Restart();
        (done, phase) = (0, "a day for everyone");
        var agentQuestions = new[] { "How was my sleep last week?", "What was my average HRV last week?", "Am I overtraining?", "How ready am I?" };
        await Parallel.ForEachAsync(ids.Select((id, i) => (id, i)), new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (x, _) =>
        {
            var grain = cluster.GetGrain<IUserGrain>(x.id);
            await Time("daily import (1 day)", async () => await grain.IngestAsync(await lake.WriteBronzeAsync(x.id, new MemoryStream(Csv(today.AddDays(-1), 1, x.i)), "today.csv"), null, null));
            await Time("status read", () => grain.GetStatusAsync(null));
            await Time("agent question", async () => await new ChatAgent(grain, null, NullLogger.Instance, TimeProvider.System).AskAsync(agentQuestions[x.i % agentQuestions.Length], null));
            Interlocked.Increment(ref done);
        });
        phase = "readers";
        var day = all.Elapsed;
        var heapBusy = GC.GetTotalMemory(forceFullCollection: true);
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var workingBusy = process.WorkingSet64;
        await Task.Delay(TimeSpan.FromSeconds(12)); // the idle sandboxes close
        var heapActive = GC.GetTotalMemory(forceFullCollection: true);
        process.Refresh();

        // Printed as each phase ends, so a run that fails later still says what it measured.
        Console.WriteLine($"setup: {users} accounts with {history} days each in {setup.TotalSeconds:0.0} s; a day for everyone (import + status + question) in {day.TotalSeconds:0.0} s " +
            $"({users * 3 / day.TotalSeconds:0} operations/s)");
        foreach (var (kind, list) in samples.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            Print(kind, [.. list], null);
        }

        Console.WriteLine($"managed heap: {heapBefore / 1048576.0:0} MiB before; right after everyone's day {heapBusy / 1048576.0:0} MiB, {(heapBusy - heapBefore) / 1024.0 / users:0.0} KiB per person " +
            $"(working set {workingBusy / 1048576.0:0} MiB, SQL sandboxes open); with {users} grains active and idle {heapActive / 1048576.0:0} MiB, {(heapActive - heapBefore) / 1024.0 / users:0.0} KiB per active person " +
            $"(silo and client in one process), working set {process.WorkingSet64 / 1048576.0:0} MiB");

        // Dashboard readers, R at once: first through the Orleans client, each read a random person's status
        // (the grain's own cost, across everyone). Then over HTTP through Bio.Api in its own process, reader r
        // being person r with their own dashboard open (what a dashboard pays: authentication, rate limit,
        // access gate, audit, JSON): R people loading Today's data as the web page does (profile, status,
        // then 30 days of hrv_status and 7 daily rows at once) about once a second each; and R reading their
        // status back to back, no pause (the API's saturation). One person reading back to back is far beyond
        // the per-key limit of 600 a minute, so the bench's API allows more; the limiter still runs.
        var reads = await ReadersAsync(readers, seconds, errors, "dashboard read", async (_, random) =>
        {
            await cluster.GetGrain<IUserGrain>(ids[random.Next(ids.Count)]).GetStatusAsync(null);
        });
        Print($"dashboard read ({readers} concurrent, {seconds} s)", reads, seconds);

        // Key checks back to back: what every API request asks a person's account first (the account grain
        // alone: it never waits on the person's data), R at once across everyone, no pause.
        var parsedKeys = ids.ToDictionary(id => id, id => Bio.Core.Auth.ApiKeys.TryParse(keys[id], out var parts) ? parts : throw new InvalidOperationException($"unreadable key of {id}"));
        var checks = await ReadersAsync(readers, seconds, errors, "key check", async (_, random) =>
        {
            var id = ids[random.Next(ids.Count)];
            if (!await cluster.GetGrain<IAccountGrain>(id).VerifyApiKeyAsync(parsedKeys[id]))
            {
                throw new InvalidOperationException("a live key did not verify");
            }
        });
        Print($"key check back to back ({readers} concurrent, {seconds} s)", checks, seconds);
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = api.Address,
            Timeout = TimeSpan.FromSeconds(30),
        };
        var requests = new ConcurrentBag<double>();
        async Task GetAsync(string id, string path, bool timed)
        {
            var clock = Stopwatch.StartNew();
            using var request = new HttpRequestMessage(HttpMethod.Get, $"api/users/{id}{path}");
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", keys[id]);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"HTTP {(int)response.StatusCode} from {path}");
            }

            if (timed)
            {
                requests.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        Task ReadOverHttp(int reader, Random _) => GetAsync(ids[reader % ids.Count], "/status", timed: false);
        var to = today.AddDays(-1);
        async Task LoadToday(int reader, Random random, bool timed)
        {
            var id = ids[reader % ids.Count];
            await GetAsync(id, "", timed);
            await GetAsync(id, "/status", timed);
            await Task.WhenAll(
                GetAsync(id, $"/gold/hrv_status?from={to.AddDays(-29):yyyy-MM-dd}&to={to:yyyy-MM-dd}", timed),
                GetAsync(id, $"/daily?from={to.AddDays(-6):yyyy-MM-dd}&to={to:yyyy-MM-dd}", timed));
        }

        // Warm the API process (JIT, connections) before it is measured.
        await ReadersAsync(readers, 3, new ConcurrentDictionary<string, int>(), "warm-up", async (r, random) =>
        {
            await LoadToday(r, random, timed: false);
            await ReadOverHttp(r, random);
        });
        var pages = new ConcurrentBag<double>();
        await ReadersAsync(readers, seconds, errors, "Today's data over HTTP", async (r, random) =>
        {
            // About once a second each, the readers spread out; a page counts from its first request to its last answer.
            await Task.Delay(500 + random.Next(1000));
            var clock = Stopwatch.StartNew();
            await LoadToday(r, random, timed: true);
            pages.Add(clock.Elapsed.TotalMilliseconds);
        });
        var httpReads = await ReadersAsync(readers, seconds, errors, "dashboard read over HTTP", ReadOverHttp);
        var apiWorkingSet = api.WorkingSet;

        Print($"Today's data over HTTP, a request ({readers} readers, ~1/s each)", [.. requests], seconds);
        Print($"Today's data over HTTP, a page (4 requests)", [.. pages], seconds);
        Print($"status over HTTP back to back ({readers} concurrent, {seconds} s)", httpReads, seconds);
        Console.WriteLine($"Bio.Api process working set after the HTTP readers: {apiWorkingSet / 1048576.0:0} MiB");
        Console.WriteLine($"errors: {(errors.IsEmpty ? "none" : string.Join(", ", errors.Select(e => $"{e.Key} x{e.Value}")))}");
        // What the grains themselves hold: the heap once every one of them is deactivated (and the readers'
        // samples, the HTTP client and the API process are gone).
        http.Dispose();
        api.Dispose();
        foreach (var list in (List<double>[])[reads, checks, httpReads])
        {
            list.Clear();
            list.TrimExcess();
        }

        requests.Clear();
        pages.Clear();
        samples.Clear();
        var management = cluster.GetGrain<Orleans.Runtime.IManagementGrain>(0);
        await management.ForceActivationCollection(TimeSpan.Zero);
        for (var i = 0; i < 120 && (await management.GetSimpleGrainStatistics()).Where(g => g.GrainType.Contains("UserGrain", StringComparison.Ordinal)).Sum(g => g.ActivationCount) > 0; i++)
        {
            await Task.Delay(500);
        }

        var heapGone = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"after deactivating every grain: {heapGone / 1048576.0:0} MiB, so an active person's grain holds {(heapActive - heapGone) / 1024.0 / users:0.0} KiB");
        await silo.StopAsync();
        await silo.DisposeAsync();
    }

    /// <summary>R readers at once, each reading (given its number and its own random source) for a while; the latencies of the reads that succeeded.</summary>
    private static async Task<List<double>> ReadersAsync(int readers, int seconds, ConcurrentDictionary<string, int> errors, string kind, Func<int, Random, Task> read)
    {
        var reads = new ConcurrentBag<double>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var running = Enumerable.Range(0, readers).Select(r => Task.Run(async () =>
        {
            var random = new Random(r);
            while (!stop.IsCancellationRequested)
            {
                var clock = Stopwatch.StartNew();
                try
                {
                    await read(r, random);
                    reads.Add(clock.Elapsed.TotalMilliseconds);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    errors.AddOrUpdate($"{kind}: {e.GetType().Name} {e.Message}", 1, (_, n) => n + 1);
                }
            }
        })).ToArray();
        await Task.WhenAll(running);
        return [.. reads];
    }

    private static void Print(string label, List<double> samples, int? seconds)
    {
        samples.Sort();
        double At(double q) => samples[Math.Min(samples.Count - 1, Math.Max(0, (int)Math.Ceiling(q * samples.Count) - 1))];
        var rate = seconds is { } s ? $"  {samples.Count / (double)s,7:0}/s" : "";
        Console.WriteLine($"{label,-58} n {samples.Count,7}{rate}  p50 {At(0.5),7:0.0} ms  p95 {At(0.95),7:0.0} ms  p99 {At(0.99),7:0.0} ms  max {samples[^1],7:0.0} ms");
    }
}
