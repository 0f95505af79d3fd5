using System.Globalization;
using System.Text;
using Azure.Storage.Blobs;
using Bio.Core.Ingest;
using Bio.Core.Lake;
using Bio.Core.Users;
using Bio.Tests.Infrastructure;

namespace Bio.Tests.Grains;

/// <summary>
/// Years of device syncs make thousands of imports; the grain's state keeps only the newest reports and the
/// rest move to the person's import archive, while the history, the idempotency keys and the lake's
/// manifests behave as before. Run with a state of 3 reports and a slack of 2 (the defaults are 1,000 and 500).
/// </summary>
public sealed class ImportHistoryTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task OlderReportsMoveToTheArchiveAndTheHistoryKeysAndManifestsStayWhole()
    {
        await using var cluster = new TestCluster(azurite, "bio-tests-history-" + Guid.NewGuid().ToString("N")[..8]);
        await cluster.StartSiloAsync(new Dictionary<string, string?> { ["Bio:ImportHistory:KeepInState"] = "3", ["Bio:ImportHistory:Slack"] = "2" }, null);
        var client = await cluster.ConnectAsync();
        var id = "hist-" + Guid.NewGuid().ToString("N")[..10];
        await client.GetGrain<IAccountGrain>(id).CreateAsync(new CreateUser("History", "UTC"));
        var grain = client.GetGrain<IUserGrain>(id);
        var blobs = new BlobServiceClient(azurite.ConnectionString);
        var lake = new LakeStore(blobs);

        var made = new List<ImportReport>();
        for (var i = 1; i <= 8; i++)
        {
            var csv = string.Create(CultureInfo.InvariantCulture, $"date,hrv_rmssd_ms,resting_hr_bpm\n2026-05-{i:00},{40 + i},{55}\n");
            var bronze = await lake.WriteBronzeAsync(id, new MemoryStream(Encoding.UTF8.GetBytes(csv)), $"day{i}.csv");
            made.Add(await grain.IngestOnceAsync(bronze, null, null, $"key-{i}"));
        }

        // The whole history, in order, each import once, though most of it is no longer in the state.
        var history = await grain.GetImportsAsync();
        Assert.Equal(made.Select(r => r.ImportId), history.Select(r => r.ImportId));
        var archived = await new ImportArchive(blobs).ReadAsync(id);
        Assert.InRange(archived.Count, 3, 5);
        Assert.Equal(made.Take(archived.Count).Select(r => r.ImportId), archived.Select(r => r.ImportId));

        // A retry with the first import's key finds it in the archive: no second import.
        var retried = await grain.IngestOnceAsync(await lake.WriteBronzeAsync(id, new MemoryStream("date,hrv_rmssd_ms\n2026-05-01,41\n"u8.ToArray()), "day1.csv"), null, null, "key-1");
        Assert.Equal(made[0].ImportId, retried.ImportId);
        Assert.Equal(8, (await grain.GetImportsAsync()).Count);

        // Each version's manifest names the imports it added, not every one before it.
        foreach (var report in made)
        {
            var manifest = await lake.ReadManifestAsync(id, report.LakeVersion);
            Assert.NotNull(manifest);
            Assert.Equal([report.ImportId], manifest.SourceImports);
        }

        // Erasure takes the archive with everything else.
        await grain.EraseAsync();
        Assert.Empty(await new ImportArchive(blobs).ReadAsync(id));
        Assert.Empty(await grain.GetImportsAsync());
    }
}
