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
public sealed class AuditStore(BlobServiceClient blobs, string containerName = LakeStore.DefaultContainer)
{
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
            await AppendToAsync($"{user}/audit/{month.Key}.jsonl", [.. month], stillExists, ct);
        }
    }

    /// <summary>Records an erased person (id, who, when, how many files) outside their prefix.</summary>
    public Task AppendDeletionAsync(string user, AuditEntry entry, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return AppendToAsync($"{SystemPrefix}deletions/{entry.At.UtcDateTime:yyyy-MM}.jsonl", [entry with { Note = $"user {user}: {entry.Note}" }], () => Task.FromResult(true), ct);
    }

    private async Task AppendToAsync(string name, IReadOnlyList<AuditEntry> entries, Func<Task<bool>> mayCreate, CancellationToken ct)
    {
        var blob = Container.GetAppendBlobClient(name);
        var text = new StringBuilder();
        foreach (var entry in entries)
        {
            text.Append(JsonSerializer.Serialize(entry, Json)).Append('\n');
        }

        var block = Encoding.UTF8.GetBytes(text.ToString());
        try
        {
            await blob.AppendBlockAsync(new MemoryStream(block), cancellationToken: ct);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            if (!await mayCreate())
            {
                return;
            }

            await Container.CreateIfNotExistsAsync(cancellationToken: ct);
            await blob.CreateIfNotExistsAsync(new AppendBlobCreateOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/x-ndjson" } }, ct);
            await blob.AppendBlockAsync(new MemoryStream(block), cancellationToken: ct);
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
                var month = DateOnly.ParseExact(item.Name[(user.Length + 7)..^6] + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
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
        try
        {
            var content = await Container.GetBlobClient($"{SystemPrefix}deletions/{month:yyyy-MM}.jsonl").DownloadContentAsync(ct);
            return [.. content.Value.Content.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonSerializer.Deserialize<AuditEntry>(l, Json)!)];
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return [];
        }
    }
}
