using System.Xml.Linq;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Bio.Silo.Connections;

/// <summary>
/// ASP.NET Core Data Protection's key ring in Blob storage (<c>bio-keys/dataprotection/{key}.xml</c>), so
/// every silo of a cluster encrypts and decrypts device tokens with the same keys, and a restarted silo
/// still reads what an earlier one wrote. Keys are only ever added (Data Protection rotates by adding).
/// The repository interface is synchronous; it is read when the key ring is loaded or refreshed, not per call.
/// </summary>
public sealed class BlobKeyRing(BlobContainerClient container) : IXmlRepository
{
    public const string ContainerName = "bio-keys";
    private const string Prefix = "dataprotection/";

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        container.CreateIfNotExists();
        var elements = new List<XElement>();
        foreach (var item in container.GetBlobs(BlobTraits.None, BlobStates.None, Prefix, CancellationToken.None))
        {
            var content = container.GetBlobClient(item.Name).DownloadContent().Value.Content;
            using var stream = content.ToStream();
            elements.Add(XElement.Load(stream));
        }

        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        container.CreateIfNotExists();
        using var stream = new MemoryStream();
        element.Save(stream, SaveOptions.DisableFormatting);
        stream.Position = 0;
        var name = string.Concat((friendlyName ?? Guid.NewGuid().ToString("N")).Select(c => char.IsLetterOrDigit(c) || c == '-' ? c : '-'));
        try
        {
            container.GetBlobClient($"{Prefix}{name}.xml").Upload(stream, new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } });
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Another silo stored the same key first: it is the same key.
        }
    }
}

/// <summary>Data Protection for the silos: one application name and the key ring in Blob storage.</summary>
public static class TokenProtection
{
    public const string ApplicationName = "bio";

    public static IServiceCollection AddBioTokenProtection(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName(ApplicationName);
        services.AddOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>()
            .Configure<IServiceProvider>((o, sp) => o.XmlRepository = new BlobKeyRing(
                sp.GetRequiredKeyedService<BlobServiceClient>(Bio.ServiceDefaults.ResourceNames.Storage).GetBlobContainerClient(BlobKeyRing.ContainerName)));
        return services;
    }

    /// <summary>The protector of one person's tokens (its purpose names them, so one person's ciphertext never opens as another's).</summary>
    public static IDataProtector ForTokens(this IDataProtectionProvider provider, string userId) =>
        provider.CreateProtector("bio.sync.tokens.v1", userId);
}
