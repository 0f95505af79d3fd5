using System.IO.Compression;
using System.Text;
using Bio.Core.Ingest.AppleHealth;
using Bio.Core.Ingest.Csv;
using Bio.Core.Ingest.Fitbit;
using Bio.Core.Ingest.Garmin;
using Bio.Core.Ingest.Generic;
using Bio.Core.Ingest.Oura;
using Bio.Core.Ingest.Peloton;
using Bio.Core.Ingest.Whoop;

namespace Bio.Core.Ingest;

/// <summary>
/// Finds the importer for a file by its content (magic bytes, headers, zip entries), not by its name;
/// a declared source narrows the choice and is checked against the content.
/// </summary>
public sealed class FormatDetector(ZipLimits zipLimits)
{
    public static readonly IReadOnlyList<string> KnownSources = ["auto", "oura", "whoop", "peloton", "apple-health", "garmin", "fitbit", "csv"];

    /// <summary>The importer for the file that <paramref name="open"/> opens (it is called more than once).</summary>
    public IImporter Detect(Func<Stream> open, string fileName, string? declaredSource) => Detect(open, fileName, declaredSource, null);

    /// <summary>
    /// As <see cref="Detect(Func{Stream}, string, string?)"/>; a declared column <paramref name="mapping"/>
    /// makes the file a generic daily CSV read with exactly that mapping.
    /// </summary>
    public IImporter Detect(Func<Stream> open, string fileName, string? declaredSource, string? mapping)
    {
        if (!string.IsNullOrWhiteSpace(mapping))
        {
            if (declaredSource is not (null or "" or "auto" or "csv"))
            {
                throw new ImportFormatException($"A column mapping is for generic CSVs; it cannot be used with source '{declaredSource}'.");
            }

            return new GenericCsvImporter(ColumnMapping.Parse(mapping));
        }

        var declared = string.IsNullOrWhiteSpace(declaredSource) ? "auto" : declaredSource.Trim().ToLowerInvariant();
        if (!KnownSources.Contains(declared))
        {
            throw new ImportFormatException($"Unknown source '{declaredSource}'. Use one of: {string.Join(", ", KnownSources)}.");
        }

        var head = new byte[8192];
        int n;
        using (var s = open())
        {
            n = ReadAtLeast(s, head);
        }

        if (n == 0)
        {
            throw new ImportFormatException($"{fileName} is empty.");
        }

        var importer = head.AsSpan(0, n) switch
        {
            [(byte)'P', (byte)'K', 3, 4, ..] => FromZip(open, fileName),
            var bytes when LooksBinary(bytes) => throw new ImportFormatException(
                $"{fileName} is a binary file, not a CSV, JSON, XML or zip export."),
            var bytes => FromText(Encoding.UTF8.GetString(bytes), open, fileName),
        };

        if (declared != "auto" && declared != importer.Source)
        {
            throw new ImportFormatException($"{fileName} was declared as '{declared}' but its content is a {importer.Source} export.");
        }

        return importer;
    }

    private IImporter FromZip(Func<Stream> open, string fileName)
    {
        using var s = open();
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(s, ZipArchiveMode.Read, leaveOpen: false);
        }
        catch (InvalidDataException)
        {
            throw new ImportFormatException($"{fileName} looks like a zip but is damaged or truncated.");
        }

        using (zip)
        {
            if (WhoopZipImporter.Recognizes(zip))
            {
                return new WhoopZipImporter(zipLimits);
            }

            if (zip.Entries.Any(AppleHealthImporter.IsExportEntry))
            {
                return new AppleHealthImporter(zipLimits);
            }
        }

        throw new ImportFormatException($"{fileName} is a zip without a known export inside (WHOOP's CSVs or Apple Health's export.xml).");
    }

    /// <summary>API JSON is read as one document; larger files are refused rather than held in memory.</summary>
    public const long MaxJsonBytes = 64L * 1024 * 1024;

    private IImporter FromText(string head, Func<Stream> open, string fileName)
    {
        var trimmed = head.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (trimmed.StartsWith('{') || trimmed.StartsWith('['))
        {
            return FromJson(open, fileName);
        }

        if (trimmed.StartsWith('<'))
        {
            return head.Contains("<HealthData", StringComparison.Ordinal) || head.Contains("<!DOCTYPE HealthData", StringComparison.Ordinal)
                ? new AppleHealthImporter(zipLimits)
                : throw new ImportFormatException($"{fileName} is XML but not an Apple Health export (no <HealthData> element near its start).");
        }

        using var csv = new CsvReader(new StringReader(head));
        if (!csv.Read())
        {
            throw new ImportFormatException($"{fileName} has no header row.");
        }

        var header = new CsvHeader(csv.Fields);
        if (OuraTrendsCsvImporter.Recognizes(header))
        {
            return new OuraTrendsCsvImporter();
        }

        if (OuraCategoryCsvImporter.Recognizes(header))
        {
            return new OuraCategoryCsvImporter();
        }

        if (WhoopCsvImporter.Recognizes(header))
        {
            return new WhoopCsvImporter();
        }

        if (PelotonCsvImporter.Recognizes(header))
        {
            return new PelotonCsvImporter();
        }

        if (AppleHealthDailyCsvImporter.Recognizes(header))
        {
            return new AppleHealthDailyCsvImporter();
        }

        if (FitbitImporter.Recognizes(header))
        {
            return new FitbitImporter();
        }

        if (GarminCsvImporter.Recognizes(header))
        {
            return new GarminCsvImporter();
        }

        if (GenericCsvImporter.Recognizes(header))
        {
            return new GenericCsvImporter();
        }

        throw new ImportFormatException(
            $"{fileName} is a CSV whose columns Bio does not recognize ({string.Join(", ", header.Names.Take(6))}…). Bio reads Oura, WHOOP, Peloton, Apple Health, Garmin and Fitbit (and Fitabase) exports, and any daily CSV with a 'date' column and named metric columns such as 'HRV (ms)', 'Resting HR' or 'Steps'.");
    }

    private static IImporter FromJson(Func<Stream> open, string fileName)
    {
        using var stream = open();
        if (stream.CanSeek && stream.Length > MaxJsonBytes)
        {
            throw new ImportFormatException($"{fileName} is a JSON file over {MaxJsonBytes / (1024 * 1024)} MB; upload API exports page by page.");
        }

        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(stream, new System.Text.Json.JsonDocumentOptions { AllowTrailingCommas = true, MaxDepth = 32 });
            if (HealthAutoExportImporter.Recognizes(document.RootElement))
            {
                return new HealthAutoExportImporter();
            }

            if (FitbitImporter.Recognizes(document.RootElement))
            {
                return new FitbitImporter();
            }

            if (OuraJsonImporter.Recognizes(document.RootElement))
            {
                return new OuraJsonImporter();
            }

            if (WhoopJsonImporter.Recognizes(document.RootElement))
            {
                return new WhoopJsonImporter();
            }
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new ImportFormatException($"{fileName} is not valid JSON: {e.Message}");
        }

        throw new ImportFormatException($"{fileName} is JSON but not an Oura or WHOOP API export, nor a Health Auto Export body (Apple Health), that Bio recognizes.");
    }

    private static bool LooksBinary(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Contains((byte)0))
        {
            return true;
        }

        // Cut a possibly split multi-byte character at the end of the sample before validating.
        var cut = bytes.Length;
        while (cut > 0 && cut > bytes.Length - 4 && (bytes[cut - 1] & 0xC0) == 0x80)
        {
            cut--;
        }

        if (cut > 0 && bytes[cut - 1] >= 0xC0)
        {
            cut--;
        }

        return !System.Text.Unicode.Utf8.IsValid(bytes[..cut]);
    }

    private static int ReadAtLeast(Stream s, byte[] buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = s.Read(buffer, total, buffer.Length - total);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }
}
