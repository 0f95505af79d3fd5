using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Bio.Core.Lake;
using Bio.Core.Users;
using Bio.Tests.Infrastructure;

namespace Bio.Tests.Users;

/// <summary>
/// The export against real Azurite while one of the person's files is written or deleted at the worst moment:
/// the moment the export first asks storage for it. A pipeline policy on the export's own storage client picks
/// that moment; the write or delete itself is a real one, through a client of its own.
/// </summary>
public sealed class UserExportTests(AzuriteFixture azurite)
{
    private const string Report = "reports/2026-03-22.html";
    private const string Model = "forecasting/models/v000001.zip";

    private static string NewUser() => "x-" + Guid.NewGuid().ToString("N")[..12];

    private static byte[] Content(string what, int bytes) =>
        Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(what + "\n", bytes / (what.Length + 1) + 1)))[..bytes];

    private LakeStore Plain() => new(new BlobServiceClient(azurite.ConnectionString));

    private BlobClient Blob(string user, string name) =>
        new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(LakeStore.DefaultContainer).GetBlobClient($"{user}/{name}");

    /// <summary>A store whose requests for <paramref name="name"/> (under the user's prefix) go through <paramref name="interfere"/>.</summary>
    private LakeStore Watched(string user, string name, Interference interfere)
    {
        var options = new BlobClientOptions();
        interfere.PathEnd = $"/{LakeStore.DefaultContainer}/{user}/{name}";
        options.AddPolicy(interfere, HttpPipelinePosition.PerCall);
        return new LakeStore(new BlobServiceClient(azurite.ConnectionString, options));
    }

    private async Task<string> PersonAsync(byte[] report)
    {
        var user = NewUser();
        var lake = Plain();
        await lake.WriteBronzeAsync(user, new MemoryStream("date,hrv_rmssd_ms\n2026-03-02,50\n"u8.ToArray()), "days.csv");
        await lake.WriteUserBlobAsync(user, Report, new MemoryStream(report));
        await lake.WriteUserBlobAsync(user, Model, new MemoryStream(Content("model", 5_000)));
        return user;
    }

    private static async Task<Dictionary<string, byte[]>> ExportAsync(LakeStore lake, string user)
    {
        using var output = new MemoryStream();
        var count = await UserExport.WriteAsync(lake, new UserProfile(user, "Ada", "UTC", DateTimeOffset.UnixEpoch), [], DateTimeOffset.UnixEpoch, output);
        output.Position = 0;
        using var zip = new ZipArchive(output, ZipArchiveMode.Read);
        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var entry in zip.Entries)
        {
            using var copy = new MemoryStream();
            await using (var s = entry.Open())
            {
                await s.CopyToAsync(copy);
            }

            Assert.True(entries.TryAdd(entry.FullName, copy.ToArray()), $"{entry.FullName} is in the zip twice");
        }

        // The manifest names every other entry once, with its size and hash.
        using var manifest = JsonDocument.Parse(entries["manifest.json"]);
        var files = manifest.RootElement.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(count, files.Count);
        Assert.Equal(entries.Keys.Where(k => k != "manifest.json").Order(StringComparer.Ordinal), files.Select(f => f.GetProperty("path").GetString()!).Order(StringComparer.Ordinal));
        Assert.All(files, f =>
        {
            var bytes = entries[f.GetProperty("path").GetString()!];
            Assert.Equal(f.GetProperty("bytes").GetInt64(), bytes.Length);
            Assert.Equal(f.GetProperty("sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(bytes)));
        });
        return entries;
    }

    [Fact]
    public async Task AFileWrittenAgainJustAsTheExportReadsItIsInTheExportWholeAtOneVersion()
    {
        var before = Content("week one", 20_000);
        var after = Content("week one, made again", 30_000);
        var user = await PersonAsync(before);
        // Once storage has answered the export's first request for the report, the report is written again.
        var lake = Watched(user, Report, new Interference { AfterFirstAnswer = () => Plain().WriteUserBlobAsync(user, Report, new MemoryStream(after)) });

        var entries = await ExportAsync(lake, user);

        var exported = entries["data/" + Report];
        Assert.True(exported.SequenceEqual(before) || exported.SequenceEqual(after), "the report is one version or the other, whole");
        Assert.Contains("data/" + Model, entries.Keys);
    }

    [Fact]
    public async Task AFileDeletedAfterTheListingIsLeftOutAndTheRestIsExported()
    {
        var user = await PersonAsync(Content("week one", 2_000));
        // Listed, then deleted before the export asks for it (a retired forecasting model, an erasure under way).
        var lake = Watched(user, Model, new Interference { BeforeFirstRequest = () => Blob(user, Model).DeleteAsync() });

        var entries = await ExportAsync(lake, user);

        Assert.DoesNotContain("data/" + Model, entries.Keys);
        Assert.Contains("data/" + Report, entries.Keys);
        Assert.Contains(entries.Keys, k => k.StartsWith("data/bronze/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ADownloadThatBreaksOffAndFindsItsFileWrittenAgainStartsTheExportOver()
    {
        var after = Content("week one, made again", 30_000);
        var user = await PersonAsync(Content("week one", 200_000));
        // The first download of the report breaks off after a few bytes, and meanwhile the report is written again:
        // its rest cannot be had at the version begun, so the export starts over and takes the new one whole.
        var interference = new Interference { BreakFirstDownload = () => Plain().WriteUserBlobAsync(user, Report, new MemoryStream(after)) };
        var lake = Watched(user, Report, interference);

        var entries = await ExportAsync(lake, user);

        Assert.Equal(after, entries["data/" + Report]);
        Assert.True(interference.Broken);
    }

    /// <summary>Runs a real write or delete at a chosen point of the export's first request (or first download) of one blob.</summary>
    private sealed class Interference : HttpPipelinePolicy
    {
        private int requests;
        private int downloads;

        public string PathEnd { get; set; } = "";

        public Func<Task>? BeforeFirstRequest { get; init; }

        public Func<Task>? AfterFirstAnswer { get; init; }

        public Func<Task>? BreakFirstDownload { get; init; }

        public bool Broken { get; private set; }

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            var mine = message.Request.Uri.Path.EndsWith(PathEnd, StringComparison.Ordinal) && message.Request.Method != RequestMethod.Put;
            var firstRequest = mine && Interlocked.Increment(ref requests) == 1;
            var firstDownload = mine && message.Request.Method == RequestMethod.Get && Interlocked.Increment(ref downloads) == 1;
            if (firstRequest && BeforeFirstRequest is not null)
            {
                await BeforeFirstRequest();
            }

            await ProcessNextAsync(message, pipeline);
            if (firstRequest && AfterFirstAnswer is not null)
            {
                await AfterFirstAnswer();
            }

            if (firstDownload && BreakFirstDownload is { } write && message.Response.ContentStream is { } body)
            {
                message.Response.ContentStream = new BreaksOff(body, async () =>
                {
                    await write();
                    Broken = true;
                });
            }
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();
    }

    /// <summary>A response body that gives its first bytes, then (after <c>meanwhile</c>) breaks off as a dropped connection does.</summary>
    private sealed class BreaksOff(Stream inner, Func<Task> meanwhile) : Stream
    {
        private bool started;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!started)
            {
                started = true;
                return await inner.ReadAsync(buffer[..Math.Min(buffer.Length, 1000)], cancellationToken);
            }

            await meanwhile();
            throw new IOException("The connection was reset (by the test).");
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
