using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Bio.Core.Lake;

namespace Bio.Core.Plans;

/// <summary>
/// A person's issued plans in Blob storage beside their lake, <c>{user}/plans/issued.json</c>, oldest first:
/// every plan that differed from the one before it. Under the person's prefix, so it goes with their export
/// and their erasure.
/// </summary>
public sealed class PlanStore(BlobServiceClient blobs, string containerName = LakeStore.DefaultContainer)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private BlobContainerClient Container => blobs.GetBlobContainerClient(containerName);

    private static string Name(string user) => $"{user}/plans/issued.json";

    public async Task<List<TrainingPlan>> ReadAsync(string user, CancellationToken ct = default)
    {
        try
        {
            var content = await Container.GetBlobClient(Name(user)).DownloadContentAsync(ct);
            return content.Value.Content.ToObjectFromJson<List<TrainingPlan>>(Json) ?? [];
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return [];
        }
    }

    public async Task SaveAsync(string user, IReadOnlyList<TrainingPlan> plans, CancellationToken ct = default)
    {
        await Container.CreateIfNotExistsAsync(cancellationToken: ct);
        await Container.GetBlobClient(Name(user)).UploadAsync(BinaryData.FromObjectAsJson(plans, Json),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } }, ct);
    }
}
