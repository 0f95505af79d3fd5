using System.Security.Cryptography;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Parquet.Serialization;

namespace Bio.Core.Lake;

/// <summary>Where a raw upload lives in bronze: content-addressed, immutable.</summary>
[GenerateSerializer, Immutable, Alias("bio.BronzeRef")]
public sealed record BronzeRef(
    [property: Id(0)] string Path,
    [property: Id(1)] string Sha256,
    [property: Id(2)] long Size,
    [property: Id(3)] string FileName,
    [property: Id(4)] bool AlreadyStored);

/// <summary>
/// A person's medallion lake in Blob storage, under their own prefix and nowhere else:
/// <c>{user}/bronze/{sha256}.{ext}</c> for raw uploads, <c>{user}/v{version}/{layer}/{table}.parquet</c>
/// for silver and gold, and <c>{user}/v{version}/_manifest.json</c> written last.
/// </summary>
public sealed class LakeStore(BlobServiceClient blobs, string containerName = LakeStore.DefaultContainer, TimeProvider? time = null)
{
    public const string DefaultContainer = "lake";

    /// <summary>When uploads arrived (a bronze blob's <c>uploaded_at</c>).</summary>
    private readonly TimeProvider clock = time ?? TimeProvider.System;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private BlobContainerClient Container => blobs.GetBlobContainerClient(containerName);

    // Whether this store has seen its container exist: a container is never deleted (an erasure deletes a
    // person's blobs), so each import does not ask again (a round trip, and a 409 inside the client).
    private volatile bool containerExists;

    public async Task EnsureCreatedAsync(CancellationToken ct = default)
    {
        if (!containerExists)
        {
            await Container.CreateIfNotExistsAsync(cancellationToken: ct);
            containerExists = true;
        }
    }

    /// <summary>Tables of a version serialised and uploaded at once, at most this many (the manifest still goes last).</summary>
    public const int ParallelTableWrites = 6;

    /// <summary>
    /// Table uploads in flight at once from this process, all imports together: a lone import writes six at
    /// a time, and many at once share a bound (four a core), so the storage queue that account writes and
    /// reads wait in does not grow with the number of imports running.
    /// </summary>
    private static readonly SemaphoreSlim Uploads = new(Math.Max(4, Environment.ProcessorCount * 4));

    /// <summary>
    /// Keeps an upload in bronze under its SHA-256. The upload is hashed while it is spooled (in memory up to
    /// <see cref="SpoolInMemoryBytes"/>, then in a temporary file that deletes itself, never buffered whole in
    /// memory), then written once, only if no blob of that name exists yet: the same bytes twice are one blob,
    /// and there is no temporary blob to copy and delete (one storage write per new upload, not four calls).
    /// </summary>
    public async Task<BronzeRef> WriteBronzeAsync(string user, Stream content, string fileName, CancellationToken ct = default)
    {
        await EnsureCreatedAsync(ct);
        await using var spool = await SpoolAsync(content, ct);
        var sha = Convert.ToHexStringLower(spool.Sha256);
        var final = Container.GetBlobClient($"{user}/bronze/{sha}{Extension(fileName)}");
        var size = spool.Content.Length;
        var already = (await final.ExistsAsync(ct)).Value;
        if (!already)
        {
            try
            {
                // Only if nobody else made it meanwhile: the same bytes uploaded twice at once (a client's retry
                // while its first attempt still runs) race here, and the second finds it there. A block blob's
                // upload is committed whole, so the one found is complete.
                await final.UploadAsync(spool.Content, new BlobUploadOptions
                {
                    Conditions = new BlobRequestConditions { IfNoneMatch = Azure.ETag.All },
                    TransferOptions = new Azure.Storage.StorageTransferOptions { MaximumTransferSize = 4 * 1024 * 1024, InitialTransferSize = 4 * 1024 * 1024 },
                    Metadata = new Dictionary<string, string>
                    {
                        ["original_name"] = Uri.EscapeDataString(Path.GetFileName(fileName)),
                        ["uploaded_at"] = clock.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                        ["size"] = size.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    },
                }, ct);
            }
            catch (Azure.RequestFailedException e) when (e.Status is 409 or 412)
            {
                already = true;
            }
        }

        return new BronzeRef(final.Name, sha, size, Path.GetFileName(fileName), already);
    }

    /// <summary>Uploads up to this size are spooled in memory; larger ones go on to a temporary file.</summary>
    public const int SpoolInMemoryBytes = 4 * 1024 * 1024;

    private static async Task<Spool> SpoolAsync(Stream content, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Stream spool = new MemoryStream();
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            int n;
            while ((n = await content.ReadAsync(buffer, ct)) > 0)
            {
                hash.AppendData(buffer, 0, n);
                if (spool is MemoryStream memory && memory.Length + n > SpoolInMemoryBytes)
                {
                    var file = new FileStream(Path.Combine(Path.GetTempPath(), $"bio-upload-{Guid.NewGuid():N}"), FileMode.CreateNew, FileAccess.ReadWrite,
                        FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
                    memory.Position = 0;
                    await memory.CopyToAsync(file, ct);
                    spool = file;
                }

                await spool.WriteAsync(buffer.AsMemory(0, n), ct);
            }

            spool.Position = 0;
            return new Spool(spool, hash.GetHashAndReset());
        }
        catch
        {
            await spool.DisposeAsync();
            throw;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private sealed record Spool(Stream Content, byte[] Sha256) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Content.DisposeAsync();
    }

    /// <summary>Opens a bronze blob for reading (seekable, so an importer may read it more than once).</summary>
    public async Task<Stream> OpenBronzeAsync(string user, BronzeRef bronze, CancellationToken ct = default)
    {
        if (!bronze.Path.StartsWith($"{user}/bronze/", StringComparison.Ordinal))
        {
            throw new UnauthorizedAccessException("A bronze reference outside the user's own prefix was refused.");
        }

        return await Container.GetBlobClient(bronze.Path).OpenReadAsync(cancellationToken: ct);
    }

    /// <summary>
    /// Downloads a bronze blob once, asynchronously, into a local copy (in memory up to
    /// <see cref="SpoolInMemoryBytes"/>, else a temporary file that goes with the copy) that the
    /// (synchronous, streaming) importers open as often as they like: format detection, the restore
    /// probe and the import read it without a storage round trip each, and no thread waits on the network.
    /// </summary>
    public async Task<BronzeCopy> CopyBronzeAsync(string user, BronzeRef bronze, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(bronze);
        if (!bronze.Path.StartsWith($"{user}/bronze/", StringComparison.Ordinal))
        {
            throw new UnauthorizedAccessException("A bronze reference outside the user's own prefix was refused.");
        }

        var blob = Container.GetBlobClient(bronze.Path);
        using var download = (await blob.DownloadStreamingAsync(cancellationToken: ct)).Value;
        var metadata = new Dictionary<string, string>(download.Details.Metadata);
        if (download.Details.ContentLength <= SpoolInMemoryBytes)
        {
            var memory = new MemoryStream((int)download.Details.ContentLength);
            await download.Content.CopyToAsync(memory, ct);
            var bytes = memory.GetBuffer();
            var length = (int)memory.Length;
            return new BronzeCopy(() => new MemoryStream(bytes, 0, length, writable: false), metadata, null);
        }

        var path = Path.Combine(Path.GetTempPath(), $"bio-bronze-{Guid.NewGuid():N}");
        try
        {
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                await download.Content.CopyToAsync(file, ct);
            }

            return new BronzeCopy(() => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920), metadata, path);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    /// <summary>
    /// Records the import's outcome on the bronze blob, so the raw file says what became of it;
    /// <paramref name="known"/> is its metadata when already read (one round trip fewer).
    /// </summary>
    public async Task SetBronzeStatusAsync(string user, BronzeRef bronze, string source, string status, IDictionary<string, string>? known = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(bronze);
        var blob = Container.GetBlobClient(bronze.Path);
        var metadata = new Dictionary<string, string>(known ?? (await blob.GetPropertiesAsync(cancellationToken: ct)).Value.Metadata)
        {
            ["source"] = source,
            ["status"] = status,
        };
        await blob.SetMetadataAsync(metadata, cancellationToken: ct);
    }

    /// <summary>Writes every table of a version, then its manifest. Returns the manifest.</summary>
    public async Task<LakeManifest> WriteVersionAsync(
        string user, int version, LakeSnapshot snapshot, IReadOnlyList<string> sourceImports, DateTimeOffset writtenAt, CancellationToken ct = default)
    {
        await EnsureCreatedAsync(ct);
        // Every table at once (bounded): a version is ~18 small blobs, and one after the other an import
        // waited on each storage round trip in turn. The manifest lists them in the snapshot's order.
        var writers = snapshot.Writers().ToList();
        var files = new LakeFile[writers.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, writers.Count), new ParallelOptions { MaxDegreeOfParallelism = ParallelTableWrites, CancellationToken = ct }, async (i, token) =>
        {
            var (table, write) = writers[i];
            using var buffer = new MemoryStream();
            var (rows, schemaHash) = await write(buffer, token);
            var bytes = buffer.ToArray();
            var path = $"{user}/v{version:D6}/{table.Layer}/{table.Name}.parquet";
            await Uploads.WaitAsync(token);
            try
            {
                await Container.GetBlobClient(path).UploadAsync(new BinaryData(bytes), overwrite: true, token);
            }
            finally
            {
                Uploads.Release();
            }

            files[i] = new LakeFile(table.Layer, table.Name, path, rows, schemaHash, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        });
        var tables = files.ToList();

        var manifest = new LakeManifest(version, writtenAt, snapshot.Watermark, tables, sourceImports);
        await Container.GetBlobClient(ManifestPath(user, version))
            .UploadAsync(new BinaryData(JsonSerializer.SerializeToUtf8Bytes(manifest, Json)), overwrite: true, ct);
        return manifest;
    }

    public async Task<LakeManifest?> ReadManifestAsync(string user, int version, CancellationToken ct = default)
    {
        try
        {
            var content = await Container.GetBlobClient(ManifestPath(user, version)).DownloadContentAsync(ct);
            return content.Value.Content.ToObjectFromJson<LakeManifest>(Json);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>One table of a version by its type (<see cref="LakeTables"/>); empty when the version has none.</summary>
    public Task<IList<T>> ReadTableAsync<T>(LakeManifest manifest, LakeTable<T> table, CancellationToken ct = default)
        where T : class, new()
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(table);
        return ReadAsync();

        async Task<IList<T>> ReadAsync()
        {
            if (manifest.Tables.SingleOrDefault(t => t.Layer == table.Layer && t.Name == table.Name) is not { } file)
            {
                return [];
            }

            var content = await Container.GetBlobClient(file.Path).DownloadContentAsync(ct);
            using var stream = content.Value.Content.ToStream();
            return (await ParquetSerializer.DeserializeAsync<T>(stream, cancellationToken: ct)).Data;
        }
    }

    /// <summary>Every blob name under the user's prefix (for tests, export and erase).</summary>
    public async Task<List<string>> ListAsync(string user, CancellationToken ct = default)
    {
        var names = new List<string>();
        if (!(await Container.ExistsAsync(ct)).Value)
        {
            return names;
        }

        await foreach (var blob in Container.GetBlobsAsync(new GetBlobsOptions { Prefix = $"{user}/" }, ct))
        {
            names.Add(blob.Name);
        }

        return names;
    }

    /// <summary>
    /// Opens one of the user's blobs for reading, whole, as it is when the download starts; null when it is gone
    /// (deleted since it was listed). <paramref name="name"/> must be under the user's prefix.
    /// </summary>
    /// <remarks>
    /// One download, not a look at the blob's properties followed by reads on the condition that it is unchanged
    /// (what <c>OpenReadAsync</c> does): the person's blobs are written while they are read (the audit log appended
    /// to, a report made again, an upload's status set on its bronze blob), and that condition then failed with 412.
    /// A single response is of one version of the blob. Only when its connection breaks off and the download must
    /// be resumed is the rest asked for on the condition that the blob is still that version; if it is not, reading
    /// throws <see cref="RequestFailedException"/> with 412 (or 404 when it was deleted).
    /// </remarks>
    public async Task<Stream?> OpenUserBlobAsync(string user, string name, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!name.StartsWith($"{user}/", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{name}' is not under {user}/.", nameof(name));
        }

        try
        {
            return (await Container.GetBlobClient(name).DownloadStreamingAsync(cancellationToken: ct)).Value.Content;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Writes a blob at <paramref name="relativePath"/> under the user's prefix (for a restore); paths that climb out are refused.</summary>
    public async Task WriteUserBlobAsync(string user, string relativePath, Stream content, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        if (relativePath.Length == 0 || relativePath.StartsWith('/') || relativePath.Split('/').Any(p => p is "" or "." or ".."))
        {
            throw new ArgumentException($"'{relativePath}' is not a path under a person's prefix.", nameof(relativePath));
        }

        await EnsureCreatedAsync(ct);
        await Container.GetBlobClient($"{user}/{relativePath}").UploadAsync(content, overwrite: true, ct);
    }

    /// <summary>Deletes every blob under the user's prefix and returns how many there were.</summary>
    public async Task<int> DeleteAllAsync(string user, CancellationToken ct = default)
    {
        var names = await ListAsync(user, ct);
        foreach (var name in names)
        {
            await Container.GetBlobClient(name).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: ct);
        }

        return names.Count;
    }

    private static string ManifestPath(string user, int version) => $"{user}/v{version:D6}/_manifest.json";

    private static string Extension(string fileName)
    {
        var ext = Path.GetExtension(fileName).ToLowerInvariant();
        return ext is ".csv" or ".zip" or ".json" or ".xml" ? ext : ".bin";
    }
}

/// <summary>A bronze upload copied out of storage for one import (<see cref="LakeStore.CopyBronzeAsync"/>): opened as often as needed, gone when disposed.</summary>
public sealed class BronzeCopy(Func<Stream> open, IDictionary<string, string> metadata, string? file) : IDisposable
{
    /// <summary>A new read-only stream over the whole upload, from its start.</summary>
    public Stream Open() => open();

    /// <summary>The blob's metadata as it was when copied.</summary>
    public IDictionary<string, string> Metadata { get; } = metadata;

    public void Dispose()
    {
        if (file is not null)
        {
            File.Delete(file);
        }
    }
}
