using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Azure.Storage.Blobs;
using Bio.Core.Lake;
using Bio.Core.Users;
using Bio.Tests.Infrastructure;

namespace Bio.Tests.Grains;

/// <summary>
/// Two silos, many people uploading with idempotency keys, one silo stopped without its handover in the
/// middle, clients retrying: no acknowledged import lost, no day twice, every person answering within a
/// minute, and gold identical to the same uploads on a single silo that nobody stopped.
/// </summary>
public sealed class SiloKillTests(AzuriteFixture azurite)
{
    private const int People = 200;
    private const int Uploads = 3;

    private static byte[] Csv(int person, int upload)
    {
        var csv = new StringBuilder("date,hrv_rmssd_ms,resting_hr_bpm\n");
        var from = new DateOnly(2026, 3, 1).AddDays(upload * 10);
        for (var d = 0; d < 10; d++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{from.AddDays(d):yyyy-MM-dd},{40 + ((person + d) % 25)},{50 + ((person * 3 + d) % 9)}\n");
        }

        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    /// <summary>Every person's uploads, each retried with its idempotency key until acknowledged; returns the acknowledged import ids.</summary>
    private static async Task<ConcurrentDictionary<string, List<string>>> UploadAllAsync(
        IClusterClient client, LakeStore lake, string prefix, Func<int, Task>? between = null)
    {
        var acknowledged = new ConcurrentDictionary<string, List<string>>();
        var uploadsDone = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, People), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (p, _) =>
        {
            var id = $"{prefix}-{p:D3}";
            await RetryAsync(async () =>
            {
                try
                {
                    await client.GetGrain<IAccountGrain>(id).CreateAsync(new CreateUser($"Person {p}", "UTC"));
                }
                catch (UserAlreadyExistsException)
                {
                    // a retry of a create that had landed
                }
            });
            for (var u = 0; u < Uploads; u++)
            {
                var (person, upload) = (p, u);
                var report = await RetryAsync(async () =>
                {
                    var bronze = await lake.WriteBronzeAsync(id, new MemoryStream(Csv(person, upload)), $"upload-{upload}.csv");
                    return await client.GetGrain<IUserGrain>(id).IngestOnceAsync(bronze, null, null, $"{id}-upload-{upload}");
                });
                acknowledged.GetOrAdd(id, _ => []).Add(report.ImportId);
                if (Interlocked.Increment(ref uploadsDone) is var n && between is not null)
                {
                    await between(n);
                }
            }
        });
        return acknowledged;
    }

    private static int failedAttempts;

    /// <summary>Retries as a client would; a person not answering within a minute fails the test.</summary>
    private static async Task<T> RetryAsync<T>(Func<Task<T>> work)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew(); // elapsed time, not the calendar
        var deadline = TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                return await work();
            }
            catch (Exception e) when (e is not UserAlreadyExistsException && waited.Elapsed < deadline)
            {
                Interlocked.Increment(ref failedAttempts);
                await Task.Delay(250); // a client's backoff before its retry
            }
        }
    }

    private static Task<bool> RetryAsync(Func<Task> work) => RetryAsync(async () => { await work(); return true; });

    private static async Task<Dictionary<string, string?>> GoldAsync(IClusterClient client, string id)
    {
        var grain = client.GetGrain<IUserGrain>(id);
        var gold = new Dictionary<string, string?>();
        foreach (var view in LakeTables.GoldViewNames)
        {
            gold[view] = await grain.GetGoldAsync(view, null, null);
        }

        return gold;
    }

    [Fact]
    public async Task KillingOneOfTwoSilosMidRunLosesNoImportAndDoublesNoDay()
    {
        var lake = new LakeStore(new BlobServiceClient(azurite.ConnectionString));
        var run = Guid.NewGuid().ToString("N")[..6];

        // The control: the same uploads on one silo nobody stops.
        await using var control = new TestCluster(azurite);
        await control.StartSiloAsync();
        var controlClient = await control.ConnectAsync();
        await UploadAllAsync(controlClient, lake, $"ctl{run}");

        // Two silos that declare a dead peer within seconds.
        await using var cluster = new TestCluster(azurite);
        var fast = new Dictionary<string, string?>
        {
            ["Orleans:Membership:ProbeTimeout"] = "00:00:02",
            ["Orleans:Membership:NumMissedProbesLimit"] = "2",
            ["Orleans:Membership:NumVotesForDeathDeclaration"] = "1",
            ["Orleans:Membership:TableRefreshTimeout"] = "00:00:02",
            ["Orleans:Membership:IAmAliveTablePublishTimeout"] = "00:00:05",
        };
        var doomed = await cluster.StartSiloAsync(fast, null);
        await cluster.StartSiloAsync(fast, null);
        var client = await cluster.ConnectAsync();
        // Both silos host people before one goes.
        var management = client.GetGrain<IManagementGrain>(0);
        await Poll.UntilAsync(async () => (await management.GetHosts(onlyActive: true)).Count == 2, TimeSpan.FromSeconds(60), "two active silos");
        var killed = 0;
        var hostedByDoomed = 0;
        var acknowledged = await UploadAllAsync(client, lake, $"run{run}", async n =>
        {
            if (n == People * Uploads / 3 && Interlocked.Exchange(ref killed, 1) == 0)
            {
                hostedByDoomed = (await management.GetDetailedGrainStatistics(hostsIds: [doomed.Address]))
                    .Count(g => g.GrainType.Contains("UserGrain", StringComparison.Ordinal));
                await cluster.KillSiloAsync(doomed);
            }
        });
        Assert.Equal(1, killed);
        Assert.True(hostedByDoomed > 0, "the stopped silo hosted nobody");
        Console.WriteLine($"the stopped silo hosted {hostedByDoomed} people; {failedAttempts} calls failed and were retried");

        var answered = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, People), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (p, _) =>
        {
            var id = $"run{run}-{p:D3}";
            var grain = client.GetGrain<IUserGrain>(id);
            var imports = await RetryAsync(grain.GetImportsAsync);
            // Every acknowledged import is there, once; no day twice; the lake as on the silo nobody stopped.
            Assert.Equal(acknowledged[id].Order(StringComparer.Ordinal), imports.Where(i => i.Status == "completed").Select(i => i.ImportId).Order(StringComparer.Ordinal));
            var days = await grain.GetDailyAsync(null, null);
            Assert.Equal(Uploads * 10, days.Count);
            Assert.Equal(days.Count, days.Select(d => d.Date).Distinct().Count());
            Assert.Equal(await GoldAsync(controlClient, $"ctl{run}-{p:D3}"), await GoldAsync(client, id));
            answered.Add(id);
        });
        Assert.Equal(People, answered.Count);
    }
}
