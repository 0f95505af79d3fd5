using System.IO.Compression;

namespace Bio.Core.Ingest;

/// <summary>
/// How much a zip may expand. A zip bomb (a few KB that inflate to GBs) stops with a clear error at the
/// limit, whatever sizes its headers claim, because the bytes are counted as they inflate.
/// </summary>
public sealed record ZipLimits(long MaxTotalBytes = 4L * 1024 * 1024 * 1024, int MaxEntries = 10_000, double MaxRatio = 1_000);

/// <summary>Counts inflated bytes across the entries of one archive.</summary>
public sealed class ZipBudget(ZipLimits limits)
{
    private long total;
    private int entries;

    public Stream Open(ZipArchiveEntry entry)
    {
        if (++entries > limits.MaxEntries)
        {
            throw new ImportFormatException($"The zip has more than {limits.MaxEntries} files; that is not a wearable export.");
        }

        var maxForEntry = Math.Max(1024 * 1024, (long)(entry.CompressedLength * limits.MaxRatio));
        return new CountingStream(entry.Open(), maxForEntry, entry.FullName, this);
    }

    private void Add(int bytes)
    {
        total += bytes;
        if (total > limits.MaxTotalBytes)
        {
            throw new ImportFormatException($"The zip expands to more than {limits.MaxTotalBytes / (1024 * 1024)} MB; it was refused as a possible zip bomb.");
        }
    }

    private sealed class CountingStream(Stream inner, long max, string name, ZipBudget budget) : Bio.Core.IO.ForwardOnlyStream
    {
        private long read;

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

        private int Count(int n)
        {
            read += n;
            budget.Add(n);
            if (read > max)
            {
                throw new ImportFormatException($"'{name}' in the zip expands more than {budget.Limits.MaxRatio:0}x; it was refused as a possible zip bomb.");
            }

            return n;
        }

        public override long Position { get => read; set => throw new NotSupportedException(); }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    private ZipLimits Limits => limits;
}
