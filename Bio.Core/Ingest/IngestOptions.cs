namespace Bio.Core.Ingest;

/// <summary>Limits on uploads (section <c>Ingest</c>).</summary>
public sealed class IngestOptions
{
    public const string Section = "Ingest";

    /// <summary>The largest upload accepted, in bytes (413 above it). Default 1 GiB.</summary>
    public long MaxUploadBytes { get; set; } = 1L * 1024 * 1024 * 1024;

    /// <summary>How far a zip may expand in total, in bytes. Default 4 GiB.</summary>
    public long MaxZipExpandedBytes { get; set; } = 4L * 1024 * 1024 * 1024;

    public ZipLimits ZipLimits() => new(MaxTotalBytes: MaxZipExpandedBytes);
}
