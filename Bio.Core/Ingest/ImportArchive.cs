using Azure.Storage.Blobs;
using Bio.Core.Lake;

namespace Bio.Core.Ingest;

/// <summary>How many import reports the person's grain keeps in its state; older ones move to <see cref="ImportArchive"/>.</summary>
public sealed class ImportHistoryOptions
{
    public const string Section = "Bio:ImportHistory";

    /// <summary>Reports kept in the grain's state after a move (the newest).</summary>
    public int KeepInState { get; set; } = 1000;

    /// <summary>How far past <see cref="KeepInState"/> the state may grow before the oldest move, so the archive is rewritten once in that many imports.</summary>
    public int Slack { get; set; } = 500;
}

/// <summary>
/// A person's older import reports in Blob storage beside their lake, <c>{user}/imports/archive.json</c>,
/// oldest first. The grain's state keeps the newest (<see cref="ImportHistoryOptions"/>), so it stays the
/// same size however many imports years of device syncs make; the history the API lists and the export
/// carries is this archive followed by the state. Under the person's prefix, so it goes with their erasure.
/// </summary>
public sealed class ImportArchive(BlobServiceClient blobs, string containerName = LakeStore.DefaultContainer)
{
    private BlobContainerClient Container => blobs.GetBlobContainerClient(containerName);

    private static string Name(string user) => $"{user}/imports/archive.json";

    public async Task<List<ImportReport>> ReadAsync(string user, CancellationToken ct = default) =>
        await JsonBlob.ReadAsync<List<ImportReport>>(Container.GetBlobClient(Name(user)), ct) ?? [];

    /// <summary>Appends <paramref name="older"/> (those not archived already: a move that was written but not yet taken out of the state is not archived twice).</summary>
    public async Task<int> AppendAsync(string user, IReadOnlyList<ImportReport> older, CancellationToken ct = default)
    {
        var archived = await ReadAsync(user, ct);
        var known = archived.Select(r => r.ImportId).ToHashSet(StringComparer.Ordinal);
        archived.AddRange(older.Where(r => known.Add(r.ImportId)));
        await Container.CreateIfNotExistsAsync(cancellationToken: ct);
        await JsonBlob.WriteAsync(Container.GetBlobClient(Name(user)), archived, ct);
        return archived.Count;
    }

    /// <summary>The whole history, oldest first: the archive, then the reports still in the state (a report in both counts once).</summary>
    public static IReadOnlyList<ImportReport> History(IReadOnlyList<ImportReport> archived, IReadOnlyList<ImportReport> inState)
    {
        ArgumentNullException.ThrowIfNull(archived);
        ArgumentNullException.ThrowIfNull(inState);
        var current = inState.Select(r => r.ImportId).ToHashSet(StringComparer.Ordinal);
        return [.. archived.Where(r => !current.Contains(r.ImportId)), .. inState];
    }
}
