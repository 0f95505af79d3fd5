using System.Data.Common;
using System.Diagnostics;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace Bio.ServiceDefaults;

/// <summary>
/// How the services reach Azure Storage, decided in one place from the <c>storage</c> connection string:
/// <list type="bullet">
/// <item>a connection string with a key or SAS (<c>AccountKey=</c>, <c>SharedAccessSignature=</c>):
/// Azurite locally, as the AppHost gives it (<see cref="SharedKey"/>);</item>
/// <item>the account's endpoints alone (<c>BlobEndpoint=https://…;TableEndpoint=https://…</c>): an
/// Entra ID token credential, in Azure the managed identity through <c>DefaultAzureCredential</c>
/// (<see cref="Endpoints"/>). The account has shared keys off, so nothing holds a key.</item>
/// </list>
/// </summary>
public abstract record StorageAccess
{
    private StorageAccess()
    {
    }

    /// <summary>A connection string that carries its own credential (an account key or a SAS).</summary>
    public sealed record SharedKey(string ConnectionString) : StorageAccess;

    /// <summary>The blob and table service endpoints; the caller's token credential authenticates.</summary>
    public sealed record Endpoints(Uri BlobEndpoint, Uri TableEndpoint) : StorageAccess;

    private static readonly string[] CredentialKeys = ["AccountKey", "SharedAccessSignature"];

    public static StorageAccess Parse(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var parts = new DbConnectionStringBuilder();
        try
        {
            parts.ConnectionString = connectionString;
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException("The storage connection string is not of the form Key=Value;Key=Value.", ex);
        }

        if (CredentialKeys.Any(parts.ContainsKey))
        {
            return new SharedKey(connectionString);
        }

        return new Endpoints(Endpoint(parts, "BlobEndpoint"), Endpoint(parts, "TableEndpoint"));
    }

    public BlobServiceClient CreateBlobServiceClient(BlobClientOptions options, Func<TokenCredential> credential) => this switch
    {
        SharedKey key => new BlobServiceClient(key.ConnectionString, options),
        Endpoints endpoints => new BlobServiceClient(endpoints.BlobEndpoint, credential(), options),
        _ => throw new UnreachableException(),
    };

    public TableServiceClient CreateTableServiceClient(TableClientOptions options, Func<TokenCredential> credential) => this switch
    {
        SharedKey key => new TableServiceClient(key.ConnectionString, options),
        Endpoints endpoints => new TableServiceClient(endpoints.TableEndpoint, credential(), options),
        _ => throw new UnreachableException(),
    };

    private static Uri Endpoint(DbConnectionStringBuilder parts, string key) =>
        parts.TryGetValue(key, out var value) && Uri.TryCreate(value?.ToString(), UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"
            ? uri
            : throw new InvalidOperationException(
                $"The storage connection string has neither a key (AccountKey, SharedAccessSignature) nor both endpoints: '{key}' is missing or not an absolute URL. " +
                "Give a full connection string (Azurite, or a key) or BlobEndpoint=https://…;TableEndpoint=https://… for a managed identity.");
}
