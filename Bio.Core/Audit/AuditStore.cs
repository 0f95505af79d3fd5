using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Bio.Core.Lake;

namespace Bio.Core.Audit;

/// <summary>
/// One access to a person's data: when, who (the owner, a coach, the admin, or someone refused), with
/// which key, what (method and route), the outcome (HTTP status), and for SQL and agent calls the
/// SHA-256 of the statement or question and the row count. Never a health value, never a key.
/// </summary>
[GenerateSerializer, Immutable, Alias("bio.AuditEntry")]
public sealed record AuditEntry(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string Actor,
    [property: Id(2)] string? KeyId,
    [property: Id(3)] string Action,
    [property: Id(4)] int Status,
    [property: Id(5)] string? StatementSha256 = null,
    [property: Id(6)] int? Rows = null,
    [property: Id(7)] string? Note = null);

/// <summary>What a handler adds to its request's audit entry.</summary>
public sealed record AuditDetail(string? StatementSha256 = null, int? Rows = null, string? Note = null);

/// <summary>
/// The audit log in Blob storage: an append blob per person per month, <c>{user}/audit/{yyyy-MM}.jsonl</c>
/// (so it is in the person's export and goes with their data), and the deletions, which must outlive
/// the person's prefix, in <c>_system/deletions/{yyyy-MM}.jsonl</c> (user ids never start with '_').
/// </summary>
public sealed class AuditStore(BlobServiceClient blobs, string containerName = LakeStore.DefaultContainer, int rollAtBlocks = AuditStore.RollAtBlocks)
{
    /// <summary>
    /// An append blob takes at most 50,000 blocks; a month's log moves on to its next part
    /// (<c>{yyyy-MM}.002.jsonl</c>, ...) once a part has this many.
    /// </summary>
    public const int RollAtBlocks = 49_000;

    // The part each log (a person's month, or the deletions' month) is appending to, as far as this process knows.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> parts = new(StringComparer.Ordinal);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private BlobContainerClient Container => blobs.GetBlobContainerClient(containerName);

    public const string SystemPrefix = "_system/";

    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>
    /// Appends to the person's month. A new month's blob is made only when <paramref name="stillExists"/>
    /// says the person is still there: an entry that arrives after an erasure must not bring their prefix back.
    /// </summary>
    public Task AppendAsync(string user, AuditEntry entry, Func<Task<bool>> stillExists, CancellationToken ct = default) =>
        AppendAsync(user, [entry], stillExists, ct);

    /// <summary>
    /// Appends several of a person's entries, one block per month they fall in (an append blob holds at most
    /// 50,000 blocks, so a busy person's entries are best written together), in the order given.
    /// </summary>
    public async Task AppendAsync(string user, IReadOnlyList<AuditEntry> entries, Func<Task<bool>> stillExists, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var month in entries.GroupBy(e => e.At.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture)))
        {
            await AppendToAsync($"{user}/audit/{month.Key}", [.. month], stillExists, ct);
        }
    }

    /// <summary>Records an erased person (id, who, when, how many files) outside their prefix.</summary>
    public Task AppendDeletionAsync(string user, AuditEntry entry, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return AppendToAsync($"{SystemPrefix}deletions/{entry.At.UtcDateTime:yyyy-MM}", [entry with { Note = $"user {user}: {entry.Note}" }], () => Task.FromResult(true), ct);
    }

    private static string PartName(string log, int part) => part == 1 ? $"{log}.jsonl" : $"{log}.{part:D3}.jsonl";

    /// <summary>Appends one block to the log's current part, moving on to the next part when one is full.</summary>
    private async Task AppendToAsync(string log, IReadOnlyList<AuditEntry> entries, Func<Task<bool>> mayCreate, CancellationToken ct)
    {
        var text = new StringBuilder();
        foreach (var entry in entries)
        {
            text.Append(JsonSerializer.Serialize(entry, Json)).Append('\n');
        }

        var block = Encoding.UTF8.GetBytes(text.ToString());
        if (parts.Count > 100_000)
        {
            parts.Clear(); // only a hint: a part found full is skipped again below
        }

        var part = parts.GetOrAdd(log, 1);
        for (var attempt = 0; attempt < 1_000; attempt++, part++)
        {
            var blob = Container.GetAppendBlobClient(PartName(log, part));
            try
            {
                var appended = await AppendOrCreateAsync(blob, block, mayCreate, ct);
                parts[log] = appended is { } count && count >= rollAtBlocks ? part + 1 : part;
                return;
            }
            catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.BlockCountExceedsLimit)
            {
                // This part is full (another process wrote it up): on to the next.
            }
        }
    }

    /// <summary>Appends the block, making the blob (and the container) first if they are not there and may be; the blob's block count after it.</summary>
    private async Task<int?> AppendOrCreateAsync(AppendBlobClient blob, byte[] block, Func<Task<bool>> mayCreate, CancellationToken ct)
    {
        try
        {
            return (await blob.AppendBlockAsync(new MemoryStream(block), cancellationToken: ct)).Value.BlobCommittedBlockCount;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            if (!await mayCreate())
            {
                return null;
            }

            var options = new AppendBlobCreateOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/x-ndjson" } };
            try
            {
                await blob.CreateIfNotExistsAsync(options, ct);
            }
            catch (RequestFailedException missing) when (missing.Status == 404)
            {
                // No container yet (a new storage account): the month's blob is the first thing in it.
                await Container.CreateIfNotExistsAsync(cancellationToken: ct);
                await blob.CreateIfNotExistsAsync(options, ct);
            }

            return (await blob.AppendBlockAsync(new MemoryStream(block), cancellationToken: ct)).Value.BlobCommittedBlockCount;
        }
    }

    /// <summary>A person's entries from/to (inclusive, UTC days), oldest first.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(string user, DateOnly? from = null, DateOnly? to = null, CancellationToken ct = default)
    {
        var entries = new List<AuditEntry>();
        try
        {
            await foreach (var item in Container.GetBlobsAsync(new GetBlobsOptions { Prefix = $"{user}/audit/" }, ct))
            {
                var month = DateOnly.ParseExact(item.Name.AsSpan(user.Length + 7, 7), "yyyy-MM", CultureInfo.InvariantCulture);
                if ((from is { } f && month.AddMonths(1) <= f) || (to is { } t && month > t))
                {
                    continue;
                }

                var content = await Container.GetBlobClient(item.Name).DownloadContentAsync(ct);
                foreach (var line in content.Value.Content.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    var entry = JsonSerializer.Deserialize<AuditEntry>(line, Json)!;
                    var day = DateOnly.FromDateTime(entry.At.UtcDateTime);
                    if ((from is null || day >= from) && (to is null || day <= to))
                    {
                        entries.Add(entry);
                    }
                }
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // no container yet
        }

        return [.. entries.OrderBy(e => e.At)];
    }

    /// <summary>The deletions recorded in a month.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ReadDeletionsAsync(DateOnly month, CancellationToken ct = default)
    {
        var entries = new List<AuditEntry>();
        try
        {
            await foreach (var item in Container.GetBlobsAsync(new GetBlobsOptions { Prefix = $"{SystemPrefix}deletions/{month:yyyy-MM}." }, ct))
            {
                var content = await Container.GetBlobClient(item.Name).DownloadContentAsync(ct);
                entries.AddRange(content.Value.Content.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonSerializer.Deserialize<AuditEntry>(l, Json)!));
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // no container yet
        }

        return [.. entries.OrderBy(e => e.At)];
    }
}
