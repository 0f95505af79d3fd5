using Azure.Storage.Blobs;
using Bio.Core.Ingest;
using Bio.Core.Ingest.Whoop;
using Bio.Core.Lake;
using Bio.Tests.Infrastructure;
using Bio.Tests.Ingest;

namespace Bio.Tests.Lake;

public sealed class LakeStoreTests(AzuriteFixture azurite)
{
    private LakeStore Store() => new(new BlobServiceClient(azurite.ConnectionString));

    private static string NewUser() => "l-" + Guid.NewGuid().ToString("N")[..12];

    private static Silver WhoopSilver()
    {
        using var s = Fixture.Open("whoop/my_whoop_data_2024_11_05.zip");
        var silver = new Silver();
        silver.Merge(new WhoopZipImporter(new ZipLimits()).Import(s, new ImportContext("whoop.zip", TimeZoneInfo.Utc)), "i1");
        return silver;
    }

    [Fact]
    public async Task TheSameBytesTwiceAreOneBronzeBlob()
    {
        var store = Store();
        var user = NewUser();
        var bytes = await File.ReadAllBytesAsync(Fixture.Path("whoop/physiological_cycles.csv"));

        var first = await store.WriteBronzeAsync(user, new MemoryStream(bytes), "physiological_cycles.csv");
        var second = await store.WriteBronzeAsync(user, new MemoryStream(bytes), "renamed.csv");

        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), first.Sha256);
        Assert.Equal(first.Path, second.Path);
        Assert.False(first.AlreadyStored);
        Assert.True(second.AlreadyStored);
        Assert.Equal([first.Path], await store.ListAsync(user)); // the incoming temporaries are gone
        await using var read = await store.OpenBronzeAsync(user, first);
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal(bytes, copy.ToArray());
    }

    [Fact]
    public async Task AnUploadLargerThanTheMemorySpoolRoundTripsWhole()
    {
        var store = Store();
        var user = NewUser();
        var bytes = new byte[LakeStore.SpoolInMemoryBytes + 1_234_567];
        new Random(7).NextBytes(bytes);

        // A network body: read forward once, no length.
        var bronze = await store.WriteBronzeAsync(user, new ForwardOnly(bytes), "export.zip");

        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), bronze.Sha256);
        Assert.Equal(bytes.Length, bronze.Size);
        Assert.Equal([$"{user}/bronze/{bronze.Sha256}.zip"], await store.ListAsync(user));
        await using var read = await store.OpenBronzeAsync(user, bronze);
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal(bytes, copy.ToArray());
    }

    [Theory]
    [InlineData(1_000)]
    [InlineData(LakeStore.SpoolInMemoryBytes + 1_234_567)]
    public async Task AnImportsCopyOfItsUploadOpensAsOftenAsNeededWithItsMetadataAndLeavesNothingBehind(int size)
    {
        var store = Store();
        var user = NewUser();
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        var bronze = await store.WriteBronzeAsync(user, new MemoryStream(bytes), "export.zip");
        var spooled = Directory.GetFiles(Path.GetTempPath(), "bio-bronze-*").ToHashSet();

        var copy = await store.CopyBronzeAsync(user, bronze);
        var made = Directory.GetFiles(Path.GetTempPath(), "bio-bronze-*").Where(f => !spooled.Contains(f)).ToList();
        using (var first = copy.Open())
        using (var second = copy.Open())
        {
            // Two readers at once, each from the start (format detection reads the head while an import may be open).
            Assert.Equal(bytes[..100], ReadSome(second, 100));
            using var all = new MemoryStream();
            first.CopyTo(all);
            Assert.Equal(bytes, all.ToArray());
        }

        Assert.Equal("export.zip", Uri.UnescapeDataString(copy.Metadata["original_name"]));
        Assert.Equal(size > LakeStore.SpoolInMemoryBytes ? 1 : 0, made.Count); // past the memory spool, a temporary file
        copy.Dispose();
        Assert.All(made, f => Assert.False(File.Exists(f)));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => store.CopyBronzeAsync(NewUser(), bronze));

        // The status is set from the copy's metadata and keeps what the upload recorded.
        await store.SetBronzeStatusAsync(user, bronze, "whoop", "completed", copy.Metadata);
        using var again = await store.CopyBronzeAsync(user, bronze);
        Assert.Equal(("whoop", "completed", "export.zip"), (again.Metadata["source"], again.Metadata["status"], Uri.UnescapeDataString(again.Metadata["original_name"])));
    }

    private static byte[] ReadSome(Stream stream, int count)
    {
        var buffer = new byte[count];
        stream.ReadExactly(buffer);
        return buffer;
    }

    private sealed class ForwardOnly(byte[] bytes) : Bio.Core.IO.ForwardOnlyStream
    {
        private int position;

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, 50_000), bytes.Length - position);
            Array.Copy(bytes, position, buffer, offset, n);
            position += n;
            return n;
        }
    }

    [Fact]
    public async Task AnotherUsersBronzeCannotBeOpened()
    {
        var store = Store();
        var owner = NewUser();
        var bronze = await store.WriteBronzeAsync(owner, new MemoryStream("a,b\n"u8.ToArray()), "x.csv");
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => store.OpenBronzeAsync(NewUser(), bronze));
    }

    [Fact]
    public async Task AVersionRoundTripsAndItsManifestNamesEveryTable()
    {
        var store = Store();
        var user = NewUser();
        var silver = WhoopSilver();
        silver.Merge(Bio.Core.Journal.DailyFeedback.Batch(new Bio.Core.Journal.DayFeedback(new DateOnly(2024, 11, 5), 4, null, 7, "heavy legs")), "fbk-1");
        Assert.Single(silver.Feedback);

        var manifest = await store.WriteVersionAsync(user, 1, new LakeSnapshot(silver), ["i1"], DateTimeOffset.UnixEpoch);

        Assert.Equal(LakeTables.InSilver.Select(t => t.Name).Concat(LakeTables.GoldViewNames), manifest.Tables.Select(t => t.Name));
        Assert.Equal(new DateOnly(2024, 11, 5), manifest.Watermark);
        var read = await store.ReadManifestAsync(user, 1);
        Assert.Equal(manifest.Tables, read!.Tables);

        var reloaded = await LakeTables.LoadSilverAsync(store, read);

        Assert.Equal(silver.Feedback.Values, reloaded.Feedback.Values);
        Assert.Equal(silver.Daily.Select(kv => (kv.Key, kv.Value.Value, kv.Value.Source)), reloaded.Daily.Select(kv => (kv.Key, kv.Value.Value, kv.Value.Source)));
        Assert.Equal(silver.Workouts.Values, reloaded.Workouts.Values);
        Assert.Equal(silver.Journal.Values, reloaded.Journal.Values);
        Assert.Equal(silver.Quarantine.Count, reloaded.Quarantine.Count);
    }

    [Fact]
    public async Task TheSameSilverWritesTheSameBytes()
    {
        var store = Store();
        var user = NewUser();
        var a = await store.WriteVersionAsync(user, 1, new LakeSnapshot(WhoopSilver()), ["i1"], DateTimeOffset.UnixEpoch);
        var b = await store.WriteVersionAsync(user, 2, new LakeSnapshot(WhoopSilver()), ["i1"], DateTimeOffset.UnixEpoch);
        Assert.Equal(a.Tables.Select(t => t.Sha256), b.Tables.Select(t => t.Sha256));
    }
}
