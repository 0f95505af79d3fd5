using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using Bio.Core.Audit;
using Bio.Core.Lake;
using Bio.Tests.Infrastructure;

namespace Bio.Tests.Api;

/// <summary>Every access to a person's data, allowed or refused, in their own audit log, with no health value or statement text in it.</summary>
[Collection(ApiCollection.Name)]
public sealed class AuditApiTests(ApiFixture api, AzuriteFixture azurite)
{
    private static string Sha(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static async Task<List<JsonElement>> AuditAsync(HttpClient owner, string id, Func<List<JsonElement>, bool> done)
    {
        List<JsonElement> entries = [];
        await Poll.UntilAsync(async () =>
        {
            entries = [.. (await owner.GetFromJsonAsync<JsonElement>($"/api/users/{id}/audit")).EnumerateArray()];
            return done(entries);
        }, TimeSpan.FromSeconds(30), "the audit entries");
        return entries;
    }

    private static bool Has(List<JsonElement> entries, string actor, string action, int status) =>
        entries.Any(e => e.GetProperty("actor").GetString() == actor && e.GetProperty("action").GetString() == action && e.GetProperty("status").GetInt32() == status);

    [Fact]
    public async Task WhoDidWhatAndWhenIsInThePersonsAuditLog()
    {
        var (id, key) = await api.CreateUserAsync("Audited", "UTC");
        var (strangerId, strangerKey) = await api.CreateUserAsync("Stranger", "UTC");
        var (coachId, coachKey) = await api.CreateUserAsync("Coach", "UTC");
        using var owner = api.Client(key);
        using var stranger = api.Client(strangerKey);
        using var coach = api.Client(coachKey);
        (await owner.PostAsync($"/api/users/{id}/synthetic?days=30&seed=6", null)).EnsureSuccessStatusCode();
        (await owner.GetAsync($"/api/users/{id}/status")).EnsureSuccessStatusCode();
        const string sql = "SELECT date, hrv_rmssd_ms FROM daily ORDER BY date LIMIT 7";
        (await owner.PostAsJsonAsync($"/api/users/{id}/query", new { sql })).EnsureSuccessStatusCode();
        const string question = "What was my average HRV last week?";
        (await owner.PostAsJsonAsync($"/api/users/{id}/chat", new { message = question })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.GetAsync($"/api/users/{id}/daily")).StatusCode);
        (await owner.PutAsync($"/api/users/{id}/coaches/{coachId}", null)).EnsureSuccessStatusCode();
        (await coach.GetAsync($"/api/users/{id}/gold/hrv_status")).EnsureSuccessStatusCode();
        (await owner.GetAsync($"/api/users/{id}/export")).EnsureSuccessStatusCode();

        var entries = await AuditAsync(owner, id, e => e.Count >= 9 && Has(e, $"coach:{coachId}", "GET /api/users/{userId}/gold/{view}", 200)
            && e.Any(x => x.GetProperty("action").GetString() == "GET /api/users/{userId}/export"));
        Assert.True(Has(entries, "owner", "GET /api/users/{userId}/status", 200));
        Assert.True(Has(entries, $"user:{strangerId}", "GET /api/users/{userId}/daily", 403));
        var query = entries.Single(e => e.GetProperty("action").GetString() == "POST /api/users/{userId}/query");
        Assert.Equal(Sha(sql), query.GetProperty("statementSha256").GetString());
        Assert.Equal(7, query.GetProperty("rows").GetInt32());
        Assert.Equal(key.Split('_')[2], query.GetProperty("keyId").GetString());
        Assert.Equal(Sha(question), entries.Single(e => e.GetProperty("action").GetString() == "POST /api/users/{userId}/chat").GetProperty("statementSha256").GetString());
        Assert.True(entries.Single(e => e.GetProperty("action").GetString() == "GET /api/users/{userId}/export").GetProperty("rows").GetInt32() > 3);

        // The log holds hashes and counts, not the statement, the question, a key or a value.
        var raw = string.Join("\n", entries.Select(e => e.GetRawText()));
        Assert.DoesNotContain("SELECT", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("average HRV", raw, StringComparison.Ordinal);
        Assert.DoesNotContain(key.Split('_')[3], raw, StringComparison.Ordinal);

        // Only the person reads it.
        Assert.Equal(HttpStatusCode.Forbidden, (await coach.GetAsync($"/api/users/{id}/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.GetAsync($"/api/users/{id}/audit")).StatusCode);
    }

    [Fact]
    public async Task AnErasureIsRecordedOutsideThePersonsPrefixWhichStaysEmpty()
    {
        var (id, key) = await api.CreateUserAsync("Erased", "UTC");
        using var owner = api.Client(key);
        (await owner.PostAsync($"/api/users/{id}/synthetic?days=15&seed=7", null)).EnsureSuccessStatusCode();
        await AuditAsync(owner, id, e => e.Count >= 1); // the log exists before the erasure
        Assert.Equal(HttpStatusCode.OK, (await owner.DeleteAsync($"/api/users/{id}")).StatusCode);

        var blobs = new BlobServiceClient(azurite.ConnectionString);
        var store = new AuditStore(blobs);
        var month = api.Clock.Today("UTC"); // the API stamps the record with its clock
        await Poll.UntilAsync(async () => (await store.ReadDeletionsAsync(new DateOnly(month.Year, month.Month, 1))).Any(e => e.Note?.StartsWith($"user {id}:", StringComparison.Ordinal) == true),
            TimeSpan.FromSeconds(30), "the deletion record");
        var record = (await store.ReadDeletionsAsync(new DateOnly(month.Year, month.Month, 1))).Single(e => e.Note!.StartsWith($"user {id}:", StringComparison.Ordinal));
        Assert.Equal("owner", record.Actor);
        Assert.EndsWith("files erased", record.Note, StringComparison.Ordinal);
        Assert.Empty(await new LakeStore(blobs).ListAsync(id));
    }

    [Fact]
    public async Task QueuedEntriesOfOnePersonAreOneBlockInOrderAndAllWrittenOnStop()
    {
        var (id, _) = await api.CreateUserAsync("Busy", "UTC");
        var blobs = new BlobServiceClient(azurite.ConnectionString);
        var store = new AuditStore(blobs);
        var writer = new Bio.Api.Auth.AuditWriter(store, api.Factory.Services.GetRequiredService<IClusterClient>(),
            api.Factory.Services.GetRequiredService<Microsoft.Extensions.Logging.ILogger<Bio.Api.Auth.AuditWriter>>());
        var start = new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero);
        // Queued before the writer runs, as when storage is behind a burst of dashboard reads.
        for (var i = 0; i < 500; i++)
        {
            await writer.EnqueueAsync(id, new AuditEntry(start.AddSeconds(i), "owner", "k1", "GET /api/users/{userId}/status", 200, Rows: i), erasure: false);
        }

        await writer.StartAsync(CancellationToken.None);
        await writer.StopAsync(CancellationToken.None); // writes everything queued before it returns

        var entries = await store.ReadAsync(id);
        Assert.Equal(Enumerable.Range(0, 500), entries.Where(e => e.KeyId == "k1").Select(e => e.Rows!.Value));
        var blob = blobs.GetBlobContainerClient(LakeStore.DefaultContainer).GetAppendBlobClient($"{id}/audit/{start:yyyy-MM}.jsonl");
        Assert.Equal(1, (await blob.GetPropertiesAsync()).Value.BlobCommittedBlockCount - (entries.Count - 500)); // one block for the 500 (plus one per entry the API wrote itself)
        writer.Dispose();
    }

    [Fact]
    public async Task ARoundTakesEverythingQueuedAPersonsShareInBlocksInOrder()
    {
        // Two people with 1,500 queued each and one with 4,500: one round writes them all, each person's
        // share in as few blocks as a block holds (so the writer's cost is a write per person, whatever the rate).
        var ids = new List<string>();
        foreach (var name in new[] { "Reader A", "Reader B", "Reader C" })
        {
            ids.Add((await api.CreateUserAsync(name, "UTC")).Id);
        }

        var blobs = new BlobServiceClient(azurite.ConnectionString);
        var store = new AuditStore(blobs);
        var writer = new Bio.Api.Auth.AuditWriter(store, api.Factory.Services.GetRequiredService<IClusterClient>(),
            api.Factory.Services.GetRequiredService<Microsoft.Extensions.Logging.ILogger<Bio.Api.Auth.AuditWriter>>(), flushInterval: TimeSpan.FromHours(1));
        var start = new DateTimeOffset(2031, 7, 1, 8, 0, 0, TimeSpan.Zero); // a month of its own: the API's own entries go elsewhere
        var counts = new[] { 1_500, 1_500, Bio.Api.Auth.AuditWriter.MaxBlockEntries * 2 + 500 };
        for (var i = 0; i < counts.Max(); i++)
        {
            for (var p = 0; p < ids.Count; p++)
            {
                if (i < counts[p])
                {
                    await writer.EnqueueAsync(ids[p], new AuditEntry(start.AddSeconds(i), "owner", "k9", "GET /api/users/{userId}/status", 200, Rows: i), erasure: false);
                }
            }
        }

        await writer.StartAsync(CancellationToken.None);
        // The first round is written long before the next could start (an hour): whatever is there now came in one round.
        await Poll.UntilAsync(async () => (await store.ReadAsync(ids[2])).Count(e => e.KeyId == "k9") == counts[2], TimeSpan.FromSeconds(30), "the first round");
        for (var p = 0; p < ids.Count; p++)
        {
            var entries = (await store.ReadAsync(ids[p])).Where(e => e.KeyId == "k9").ToList();
            Assert.Equal(Enumerable.Range(0, counts[p]), entries.Select(e => e.Rows!.Value));
            var blob = blobs.GetBlobContainerClient(LakeStore.DefaultContainer).GetAppendBlobClient($"{ids[p]}/audit/{start:yyyy-MM}.jsonl");
            var expectedBlocks = (counts[p] + Bio.Api.Auth.AuditWriter.MaxBlockEntries - 1) / Bio.Api.Auth.AuditWriter.MaxBlockEntries;
            Assert.Equal(expectedBlocks, (await blob.GetPropertiesAsync()).Value.BlobCommittedBlockCount);
        }

        await writer.StopAsync(CancellationToken.None);
        writer.Dispose();
    }

    [Fact]
    public async Task AFullMonthMovesOnToItsNextPartAndIsReadWhole()
    {
        var (id, _) = await api.CreateUserAsync("Chatty", "UTC");
        var blobs = new BlobServiceClient(azurite.ConnectionString);
        var store = new AuditStore(blobs, rollAtBlocks: 3); // the real limit is 50,000 blocks a blob
        var at = new DateTimeOffset(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 7; i++)
        {
            await store.AppendAsync(id, new AuditEntry(at.AddMinutes(i), "owner", "k2", "GET /api/users/{userId}/status", 200, Rows: i), () => Task.FromResult(true));
        }

        var names = await new LakeStore(blobs).ListAsync(id);
        Assert.Equal([$"{id}/audit/{at:yyyy-MM}.002.jsonl", $"{id}/audit/{at:yyyy-MM}.003.jsonl", $"{id}/audit/{at:yyyy-MM}.jsonl"],
            names.Where(n => n.Contains("/audit/", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Equal(Enumerable.Range(0, 7), (await store.ReadAsync(id)).Where(e => e.KeyId == "k2").Select(e => e.Rows!.Value));
    }
}
