using Aspire.Hosting.Orleans;

namespace Bio.AppHost;

/// <summary>
/// Points an Orleans provider (clustering, reminders, grain storage) at the storage resource. The
/// service resolves the provider's client as the keyed Azure client registered under the resource name.
/// </summary>
public sealed class StorageProvider(string providerType, IResourceBuilder<IResourceWithConnectionString> storage) : IProviderConfiguration
{
    public static StorageProvider Tables(IResourceBuilder<AzuriteResource> storage) => new("AzureTableStorage", Cast(storage));

    public static StorageProvider Blobs(IResourceBuilder<AzuriteResource> storage) => new("AzureBlobStorage", Cast(storage));

    public void ConfigureResource<T>(IResourceBuilder<T> resourceBuilder, string configSectionPath) where T : IResourceWithEnvironment
    {
        var prefix = $"Orleans__{configSectionPath.Replace(":", "__", StringComparison.Ordinal)}";
        resourceBuilder
            .WithEnvironment($"{prefix}__ProviderType", providerType)
            .WithEnvironment($"{prefix}__ServiceKey", storage.Resource.Name)
            .WithReference(storage);
    }

    private static IResourceBuilder<IResourceWithConnectionString> Cast(IResourceBuilder<AzuriteResource> storage) =>
        storage.ApplicationBuilder.CreateResourceBuilder<IResourceWithConnectionString>(storage.Resource);
}
