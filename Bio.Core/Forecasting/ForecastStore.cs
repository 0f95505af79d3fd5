using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Bio.Core.Lake;
using Parquet.Serialization;

namespace Bio.Core.Forecasting;

/// <summary>
/// A person's forecasting files in Blob storage, beside their lake: <c>{user}/forecasting/registry.json</c>
/// (the model registry), <c>{user}/forecasting/models/v000001.zip</c> (each registered model) and
/// <c>{user}/forecasting/log.parquet</c> (every forecast issued, with its actual once known).
/// </summary>
public sealed class ForecastStore(BlobServiceClient blobs, string containerName = LakeStore.DefaultContainer)
{
    // The registry's interval half-widths are NaN (too few errors yet) or infinity (too few for the level).
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    private BlobContainerClient Container => blobs.GetBlobContainerClient(containerName);

    public static string ModelPath(string user, int version) => $"{user}/forecasting/models/v{version:000000}.zip";

    public async Task<ModelRegistryState> ReadRegistryAsync(string user, CancellationToken ct = default)
    {
        try
        {
            var content = await Container.GetBlobClient($"{user}/forecasting/registry.json").DownloadContentAsync(ct);
            return content.Value.Content.ToObjectFromJson<ModelRegistryState>(Json) ?? new ModelRegistryState();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return new ModelRegistryState();
        }
    }

    public async Task WriteRegistryAsync(string user, ModelRegistryState registry, CancellationToken ct = default) =>
        await Container.GetBlobClient($"{user}/forecasting/registry.json").UploadAsync(BinaryData.FromObjectAsJson(registry, Json), overwrite: true, ct);

    /// <summary>Deletes a model file of the tree models Bio served before the walk-forward forecaster (a person's registry still lists them until their next cycle).</summary>
    public async Task DeleteModelAsync(string user, int version, CancellationToken ct = default) =>
        await Container.GetBlobClient(ModelPath(user, version)).DeleteIfExistsAsync(cancellationToken: ct);

    public async Task<List<ForecastLogRow>> ReadLogAsync(string user, CancellationToken ct = default)
    {
        try
        {
            var content = await Container.GetBlobClient($"{user}/forecasting/log.parquet").DownloadContentAsync(ct);
            using var stream = content.Value.Content.ToStream();
            return [.. (await ParquetSerializer.DeserializeAsync<ForecastLogRow>(stream, cancellationToken: ct)).Data];
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return [];
        }
    }

    public async Task WriteLogAsync(string user, List<ForecastLogRow> log, CancellationToken ct = default)
    {
        using var buffer = new MemoryStream();
        await ParquetSerializer.SerializeAsync(log, buffer, cancellationToken: ct);
        buffer.Position = 0;
        await Container.GetBlobClient($"{user}/forecasting/log.parquet").UploadAsync(buffer, overwrite: true, ct);
    }
}
