using Azure.Storage.Blobs;
using Bio.Core.Lake;

namespace Bio.Core.Plans;

/// <summary>
/// A person's issued plans in Blob storage beside their lake, <c>{user}/plans/issued.json</c>, oldest first:
/// every plan that differed from the one before it. Under the person's prefix, so it goes with their export
/// and their erasure.
/// </summary>
public sealed class PlanStore(BlobServiceClient blobs, string containerName = LakeStore.DefaultContainer)
{
    private BlobContainerClient Container => blobs.GetBlobContainerClient(containerName);

    private static string Name(string user) => $"{user}/plans/issued.json";

    public async Task<List<TrainingPlan>> ReadAsync(string user, CancellationToken ct = default) =>
        await JsonBlob.ReadAsync<List<TrainingPlan>>(Container.GetBlobClient(Name(user)), ct) ?? [];

    public async Task SaveAsync(string user, IReadOnlyList<TrainingPlan> plans, CancellationToken ct = default)
    {
        await Container.CreateIfNotExistsAsync(cancellationToken: ct);
        await JsonBlob.WriteAsync(Container.GetBlobClient(Name(user)), plans, ct);
    }
}
