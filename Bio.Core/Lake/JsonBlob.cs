using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Bio.Core.Lake;

/// <summary>A small JSON document in a blob beside the lake (issued plans, the import archive, the model registry): read, or null when there is none yet; written whole.</summary>
public static class JsonBlob
{
    public static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public static async Task<T?> ReadAsync<T>(BlobClient blob, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(blob);
        try
        {
            var content = await blob.DownloadContentAsync(ct);
            return content.Value.Content.ToObjectFromJson<T>(Web);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return default;
        }
    }

    public static async Task WriteAsync<T>(BlobClient blob, T value, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(blob);
        await blob.UploadAsync(BinaryData.FromObjectAsJson(value, Web),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } }, ct);
    }
}
