using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Bio.Core.Ingest;
using Bio.Core.Lake;

namespace Bio.Core.Users;

/// <summary>
/// Everything stored for one person as a zip (GDPR Art. 15/20): each blob under their prefix at its own
/// path (bronze uploads, every lake version's Parquet, forecasting files, weekly reports, the audit log), plus
/// <c>profile.json</c>, <c>imports.json</c> and, last, <c>manifest.json</c> with each file's size and SHA-256.
/// </summary>
/// <remarks>
/// The person may be writing while the export runs (uploads, journal entries, ratings, reports, and every request's
/// audit entry). The rule: each file is read whole, at the version it has when its download starts, and the
/// manifest hashes exactly the bytes in the zip; a file listed but deleted before it is read is left out (it is no
/// longer stored); and a file whose download broke off and found it changed or gone when resumed cannot be finished
/// at either version, so the export starts over from a new listing (at most <see cref="MaxAttempts"/> times).
/// Lake versions are written once, their manifest last, so a version with its <c>_manifest.json</c> is whole.
/// </remarks>
public static class UserExport
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>How many times an export is written before a file that keeps changing under a resumed download fails it.</summary>
    public const int MaxAttempts = 3;

    public sealed record ExportFile(string Path, long Bytes, string Sha256);

    public sealed record ExportManifest(string User, DateTimeOffset ExportedAt, string Format, IReadOnlyList<ExportFile> Files);

    /// <summary>
    /// Writes the zip and returns how many files it holds (the manifest aside). <paramref name="output"/> must be
    /// seekable for the export to start over (see the remarks); it is then cut back to where it was.
    /// </summary>
    public static async Task<int> WriteAsync(LakeStore lake, UserProfile profile, IReadOnlyList<ImportReport> imports, DateTimeOffset now, Stream output, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(lake);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(output);
        var start = output.CanSeek ? output.Position : 0;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await WriteOnceAsync(lake, profile, imports, now, output, ct);
            }
            catch (Azure.RequestFailedException e) when (e.Status is 404 or 412 && output.CanSeek && attempt < MaxAttempts)
            {
                output.SetLength(start);
                output.Position = start;
            }
        }
    }

    private static async Task<int> WriteOnceAsync(LakeStore lake, UserProfile profile, IReadOnlyList<ImportReport> imports, DateTimeOffset now, Stream output, CancellationToken ct)
    {
        var files = new List<ExportFile>();
        await using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var name in await lake.ListAsync(profile.Id, ct))
            {
                await using var source = await lake.OpenUserBlobAsync(profile.Id, name, ct);
                if (source is not null)
                {
                    files.Add(await AddAsync(zip, "data/" + name[(profile.Id.Length + 1)..], source, ct));
                }
            }

            files.Add(await AddAsync(zip, "profile.json", new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(profile, Json)), ct));
            files.Add(await AddAsync(zip, "imports.json", new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(imports, Json)), ct));
            var manifest = new ExportManifest(profile.Id, now, "bio-export/1", files);
            await AddAsync(zip, "manifest.json", new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(manifest, Json)), ct);
        }

        return files.Count;
    }

    private static async Task<ExportFile> AddAsync(ZipArchive zip, string path, Stream source, CancellationToken ct)
    {
        var entry = zip.CreateEntry(path, CompressionLevel.Fastest);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long bytes = 0;
        await using (var target = await entry.OpenAsync(ct))
        {
            var buffer = new byte[81920];
            int read;
            while ((read = await source.ReadAsync(buffer, ct)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                await target.WriteAsync(buffer.AsMemory(0, read), ct);
                bytes += read;
            }
        }

        return new ExportFile(path, bytes, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }
}
