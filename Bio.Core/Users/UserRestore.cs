using System.IO.Compression;
using System.Text.Json;
using Bio.Core.Lake;
using Parquet.Serialization;

namespace Bio.Core.Users;

/// <summary>
/// Reads a Bio export (<see cref="UserExport"/>) back: its newest complete lake version's silver tables
/// (the version whose manifest is there; the manifest is written last), and the files to bring along:
/// the raw uploads, the forecasting files and the reports. Gold is not read: it is recomputed from
/// silver, which is what makes a restored person's gold identical to the original's.
/// </summary>
public static class UserRestore
{
    public const string Source = "bio-export";

    /// <summary>True when the stream is a zip whose manifest.json says bio-export.</summary>
    public static bool IsExport(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            // A zip starts with a local file header, PK\x03\x04; anything else is not an export.
            Span<byte> magic = stackalloc byte[4];
            if (stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false) < 4 || magic[0] != 0x50 || magic[1] != 0x4B || magic[2] != 3 || magic[3] != 4)
            {
                return false;
            }

            stream.Position = 0;
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            if (zip.GetEntry("manifest.json") is not { } entry)
            {
                return false;
            }

            using var manifest = JsonDocument.Parse(entry.Open());
            return manifest.RootElement.TryGetProperty("format", out var format) && format.GetString()?.StartsWith(Source + "/", StringComparison.Ordinal) == true;
        }
        catch (Exception e) when (e is InvalidDataException or JsonException or IOException or ArgumentException)
        {
            return false;
        }
    }

    /// <summary>The export's silver (from its newest complete version) and the files to copy, keyed by their path under the person's prefix.</summary>
    public static async Task<(Silver Silver, int Version, IReadOnlyList<string> Files)> ReadAsync(ZipArchive zip, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(zip);
        var versions = zip.Entries.Select(e => e.FullName).Where(n => n.StartsWith("data/v", StringComparison.Ordinal) && n.EndsWith("/_manifest.json", StringComparison.Ordinal))
            .Select(n => n["data/".Length..^"/_manifest.json".Length]).Order(StringComparer.Ordinal).ToList();
        if (versions.Count == 0)
        {
            throw new Ingest.ImportFormatException("This Bio export has no complete lake version (no _manifest.json), so there is nothing to restore.");
        }

        var latest = versions[^1];
        async Task<IList<T>> Table<T>(string name) where T : class, new()
        {
            if (zip.GetEntry($"data/{latest}/silver/{name}.parquet") is not { } entry)
            {
                return [];
            }

            using var buffer = new MemoryStream();
            await using (var s = entry.Open())
            {
                await s.CopyToAsync(buffer, ct);
            }

            buffer.Position = 0;
            return (await ParquetSerializer.DeserializeAsync<T>(buffer, cancellationToken: ct)).Data;
        }

        var silver = SilverTables.Load(
            await Table<DailyRow>("daily"), await Table<WorkoutRow>("workouts"), await Table<JournalRow>("journal"),
            await Table<QuarantineParquetRow>("quarantine"), await Table<DqLogParquetRow>("dq_log"), await Table<FeedbackRow>("feedback"));
        var files = zip.Entries.Select(e => e.FullName)
            .Where(n => n.StartsWith("data/bronze/", StringComparison.Ordinal) || n.StartsWith("data/forecasting/", StringComparison.Ordinal) || n.StartsWith("data/reports/", StringComparison.Ordinal))
            .Where(n => !n.StartsWith("data/bronze/_incoming/", StringComparison.Ordinal))
            .Select(n => n["data/".Length..]).ToList();
        return (silver, int.Parse(latest[1..], System.Globalization.CultureInfo.InvariantCulture), files);
    }
}
