using System.Text;
using Azure.Storage.Blobs;
using Bio.Core.Auth;
using Bio.Core.Lake;
using Bio.Core.Users;
using Bio.Silo.Users;
using Bio.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bio.Tests.Grains;

/// <summary>
/// One person served by focused grains (issue 18): the account apart from the data, long jobs that never
/// hold the person, coach grants that cannot wait on each other, and state that stays small.
/// </summary>
public sealed class FocusedGrainsTests(AzuriteFixture azurite)
{
    /// <summary>Holds every long job of one person just before it publishes, until released.</summary>
    private sealed class HeldJobs : WorkHooks
    {
        public string? Hold { get; set; }

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async Task BeforePublishAsync(string userId)
        {
            if (userId == Hold)
            {
                Entered.TrySetResult();
                await Release.Task;
            }
        }
    }

    private static string NewId(string prefix) => $"{prefix}-" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task WhileAnImportIsHeldTwentyRequestsForThePersonCompleteAndSeeTheLastCompleteVersion()
    {
        var held = new HeldJobs();
        await using var cluster = new TestCluster(azurite);
        await cluster.StartSiloAsync(null, services => services.Replace(ServiceDescriptor.Singleton<WorkHooks>(held)));
        var client = await cluster.ConnectAsync();
        var (id, coach) = (NewId("held"), NewId("coach"));
        var account = client.GetGrain<IAccountGrain>(id);
        var created = await account.CreateAsync(new CreateUser("Held", "UTC"));
        await client.GetGrain<IAccountGrain>(coach).CreateAsync(new CreateUser("Coach", "UTC"));
        await account.GrantCoachAsync(coach);
        var grain = client.GetGrain<IUserGrain>(id);
        await grain.GenerateSyntheticAsync(60, 5); // 2026-04-17 .. 2026-06-16 on the test clock
        var version = (await grain.GetLakeAsync())!.Version;
        var status = System.Text.Json.JsonSerializer.Serialize(await grain.GetStatusAsync(null));
        var days = (await grain.GetDailyAsync(null, null)).Count;

        // An upload of three later mornings, held just before it publishes (its lake version is written by then).
        var csv = new StringBuilder("date,hrv_rmssd_ms,resting_hr_bpm\n");
        foreach (var day in new[] { "2026-06-17", "2026-06-18", "2026-06-19" })
        {
            csv.Append(day).Append(",61,52\n");
        }

        var bronze = await new LakeStore(new BlobServiceClient(azurite.ConnectionString))
            .WriteBronzeAsync(id, new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())), "mornings.csv");
        held.Hold = id;
        var import = grain.IngestAsync(bronze, null, null);
        await held.Entered.Task.WaitAsync(TimeSpan.FromSeconds(60));

        // Twenty requests for the person meanwhile: key checks, status, daily rows, a coach's access check and read.
        Assert.True(ApiKeys.TryParse(created.ApiKey, out var key));
        var requests = new List<Task<bool>>();
        for (var i = 0; i < 5; i++)
        {
            requests.Add(account.VerifyApiKeyAsync(key));
            requests.Add(grain.GetStatusAsync(null).ContinueWith(t => System.Text.Json.JsonSerializer.Serialize(t.Result) == status, TaskScheduler.Default));
            requests.Add(grain.GetDailyAsync(null, null).ContinueWith(t => t.Result.Count == days, TaskScheduler.Default));
            requests.Add(CoachReadsAsync());
        }

        var seen = await Task.WhenAll(requests).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.False(import.IsCompleted, "the import finished before the reads: nothing was shown");
        Assert.All(seen, Assert.True);
        Assert.Equal(version, (await grain.GetLakeAsync())!.Version);

        // Released, the import publishes: the next reads see the new version and its days.
        held.Release.SetResult();
        var report = await import.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(version + 1, report.LakeVersion);
        Assert.Equal(version + 1, (await grain.GetLakeAsync())!.Version);
        Assert.Equal(days + 3, (await grain.GetDailyAsync(null, null)).Count);
        Assert.Equal(new DateOnly(2026, 6, 19), (await grain.GetStatusAsync(null)).Date);

        async Task<bool> CoachReadsAsync() =>
            await account.HasCoachAsync(coach) && (await grain.GetDailyAsync(new DateOnly(2026, 6, 1), null)).Count == 16;
    }

    [Fact]
    public async Task TwoPeopleGrantingEachOtherAtTheSameMomentBothSucceed()
    {
        await using var cluster = new TestCluster(azurite);
        await cluster.StartSiloAsync();
        var client = await cluster.ConnectAsync();
        for (var round = 0; round < 5; round++)
        {
            var (a, b) = (client.GetGrain<IAccountGrain>(NewId("a")), client.GetGrain<IAccountGrain>(NewId("b")));
            await Task.WhenAll(a.CreateAsync(new CreateUser("A", "UTC")), b.CreateAsync(new CreateUser("B", "UTC")));
            var (ida, idb) = (a.GetPrimaryKeyString(), b.GetPrimaryKeyString());

            // Well within Orleans' 30 s response timeout: a wait on each other would end there, in an error.
            await Task.WhenAll(a.GrantCoachAsync(idb), b.GrantCoachAsync(ida)).WaitAsync(TimeSpan.FromSeconds(10));

            Assert.True(await a.HasCoachAsync(idb));
            Assert.True(await b.HasCoachAsync(ida));
            Assert.Equal([idb], await client.GetGrain<IAthletesGrain>(ida).GetAsync());
            Assert.Equal([ida], await client.GetGrain<IAthletesGrain>(idb).GetAsync());
        }
    }

    /// <summary>
    /// Days of daily journal entries and ratings written through the grain (two writes a day, each a lake
    /// version): 14 in the suite; <c>BIO_STATE_DAYS=365</c> runs the year of the acceptance (about three
    /// minutes, most of it the 730 lake versions written to Azurite).
    /// </summary>
    private static int StateDays => int.TryParse(Environment.GetEnvironmentVariable("BIO_STATE_DAYS"), out var days) && days is > 0 and <= 365 ? days : 14;

    [Fact]
    public async Task DailyJournalEntriesAndRatingsLeaveThePersistedStateAsItWas()
    {
        await using var cluster = new TestCluster(azurite);
        await cluster.StartSiloAsync();
        var client = await cluster.ConnectAsync();
        var id = NewId("diary");
        await client.GetGrain<IAccountGrain>(id).CreateAsync(new CreateUser("Diary", "UTC"));
        var grain = client.GetGrain<IUserGrain>(id);
        await grain.GenerateSyntheticAsync(30, 9);
        var before = await StateBytesAsync(id);

        // Today on the test clock is 2026-06-17: the days up to it, each with an entry and a rating.
        var today = new DateOnly(2026, 6, 17);
        for (var day = today.AddDays(1 - StateDays); day <= today; day = day.AddDays(1))
        {
            await grain.WriteJournalAsync(day, day.DayNumber % 3 == 0 ? "Two glasses of wine with dinner, late night" : "Quiet day, early night");
            await grain.WriteFeedbackAsync(day, 1 + (day.DayNumber % 5), 1 + (day.DayNumber % 4), day.DayNumber % 11, "fine");
        }

        Assert.Equal(StateDays, (await grain.GetJournalAsync(null, null)).Count);
        Assert.Equal(StateDays, (await grain.GetFeedbackAsync(null, null)).Count);
        Assert.Equal(1 + (2 * StateDays), (await grain.GetLakeAsync())!.Version);
        var after = await StateBytesAsync(id);
        // Nothing per write is kept: only the lake version number changes (a few bytes at most, whatever the days).
        Assert.True(after - before is >= -8 and <= 8, $"the persisted state changed by {after - before} bytes ({before} before, {after} after {StateDays} days)");
    }

    /// <summary>The size of every grain state blob of one person (account and data), as stored.</summary>
    private async Task<long> StateBytesAsync(string id)
    {
        var blobs = new BlobServiceClient(azurite.ConnectionString);
        long total = 0;
        var found = 0;
        await foreach (var container in blobs.GetBlobContainersAsync())
        {
            var client = blobs.GetBlobContainerClient(container.Name);
            await foreach (var item in client.GetBlobsAsync())
            {
                // Grain state blobs are named by grain type and key; the lake's blobs live under the person's prefix.
                if (item.Name.Contains(id, StringComparison.Ordinal) && !item.Name.StartsWith(id + "/", StringComparison.Ordinal) && item.Properties.ContentLength is { } length)
                {
                    total += length;
                    found++;
                }
            }
        }

        Assert.True(found >= 2, $"expected the account's and the data's state blobs, found {found}");
        return total;
    }
}
