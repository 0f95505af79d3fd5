using Aspire.Hosting.Orleans;

namespace Bio.AppHost;

/// <summary>
/// Points an Orleans provider (clustering, reminders, grain storage) at the storage resource. The
/// service resolves the provider's client as the keyed Azure client registered under the resource name.
/// </summary>
public sealed class StorageProvider(string providerType, IResourceBuilder<IResourceWithConnectionString> storage) : IProviderConfiguration
{
    public static StorageProvider Tables(IResourceBuilder<IResourceWithConnectionString> storage) => new("AzureTableStorage", storage);

    public static StorageProvider Blobs(IResourceBuilder<IResourceWithConnectionString> storage) => new("AzureBlobStorage", storage);

    public void ConfigureResource<T>(IResourceBuilder<T> resourceBuilder, string configSectionPath) where T : IResourceWithEnvironment
    {
        var prefix = $"Orleans__{configSectionPath.Replace(":", "__", StringComparison.Ordinal)}";
        resourceBuilder
            .WithEnvironment($"{prefix}__ProviderType", providerType)
            .WithEnvironment($"{prefix}__ServiceKey", storage.Resource.Name)
            .WithReference(storage);
    }
}
