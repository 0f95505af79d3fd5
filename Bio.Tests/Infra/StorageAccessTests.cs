using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Bio.ServiceDefaults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Bio.Tests.Infra;

/// <summary>
/// One place decides how storage is reached: a connection string with a key (Azurite, as the AppHost gives
/// it) or the account's endpoints with a token credential (the managed identity in Azure).
/// </summary>
public sealed class StorageAccessTests
{
    private const string Endpoints = "BlobEndpoint=https://stbio.blob.core.windows.net/;TableEndpoint=https://stbio.table.core.windows.net/";

    [Fact]
    public void AConnectionStringWithAKeyIsUsedAsItIs()
    {
        var connection = $"DefaultEndpointsProtocol=http;AccountName=bio;AccountKey={Convert.ToBase64String(new byte[64])};" +
            "BlobEndpoint=http://127.0.0.1:1/bio;TableEndpoint=http://127.0.0.1:2/bio;";

        var access = StorageAccess.Parse(connection);

        Assert.Equal(new StorageAccess.SharedKey(connection), access);
    }

    [Fact]
    public void EndpointsAloneMeanATokenCredential()
    {
        var access = StorageAccess.Parse(Endpoints);

        var endpoints = Assert.IsType<StorageAccess.Endpoints>(access);
        Assert.Equal(new Uri("https://stbio.blob.core.windows.net/"), endpoints.BlobEndpoint);
        Assert.Equal(new Uri("https://stbio.table.core.windows.net/"), endpoints.TableEndpoint);
    }

    [Fact]
    public void ASasIsACredentialToo() =>
        Assert.IsType<StorageAccess.SharedKey>(StorageAccess.Parse("BlobEndpoint=https://stbio.blob.core.windows.net/;TableEndpoint=https://stbio.table.core.windows.net/;SharedAccessSignature=sv=2024&sig=abc"));

    [Theory]
    [InlineData("AccountName=stbio")]
    [InlineData("BlobEndpoint=https://stbio.blob.core.windows.net/")]
    [InlineData("BlobEndpoint=https://stbio.blob.core.windows.net/;TableEndpoint=stbio.table")]
    public void AnythingElseIsRefusedSayingWhatIsMissing(string connection)
    {
        var error = Assert.Throws<InvalidOperationException>(() => StorageAccess.Parse(connection));

        Assert.Contains("Endpoint", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheCredentialIsAskedForOnlyWhenEndpointsAreGiven()
    {
        var asked = 0;
        TokenCredential Credential() { asked++; return new FixedToken(); }
        var key = StorageAccess.Parse($"AccountName=bio;AccountKey={Convert.ToBase64String(new byte[64])};BlobEndpoint=http://127.0.0.1:1/bio;TableEndpoint=http://127.0.0.1:2/bio;");

        var keyBlobs = key.CreateBlobServiceClient(new BlobClientOptions(), Credential);
        var keyTables = key.CreateTableServiceClient(new TableClientOptions(), Credential);
        Assert.Equal(0, asked);
        Assert.True(keyBlobs.CanGenerateAccountSasUri);
        Assert.Equal("bio", keyTables.AccountName);

        var endpoints = StorageAccess.Parse(Endpoints);
        var blobs = endpoints.CreateBlobServiceClient(new BlobClientOptions(), Credential);
        var tables = endpoints.CreateTableServiceClient(new TableClientOptions(), Credential);
        Assert.Equal(2, asked);
        Assert.False(blobs.CanGenerateAccountSasUri);
        Assert.Equal(new Uri("https://stbio.blob.core.windows.net/"), blobs.Uri);
        Assert.Equal("stbio", blobs.AccountName);
        Assert.Equal("stbio", tables.AccountName);
    }

    [Fact]
    public void TheServicesRegisterTheClientsFromConfigurationWithTheKeyedCredential()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [$"ConnectionStrings:{ResourceNames.Storage}"] = Endpoints });
        builder.AddBioStorage();
        var replaced = new FixedToken();
        builder.Services.AddKeyedSingleton<TokenCredential>(ResourceNames.Storage, replaced);
        using var host = builder.Build();

        Assert.IsType<StorageAccess.Endpoints>(host.Services.GetRequiredKeyedService<StorageAccess>(ResourceNames.Storage));
        Assert.Same(replaced, host.Services.GetRequiredKeyedService<TokenCredential>(ResourceNames.Storage));
        Assert.Equal("stbio", host.Services.GetRequiredKeyedService<BlobServiceClient>(ResourceNames.Storage).AccountName);
        Assert.Equal("stbio", host.Services.GetRequiredKeyedService<TableServiceClient>(ResourceNames.Storage).AccountName);
    }

    [Fact]
    public void InAzureTheDefaultCredentialIsTheOne()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [$"ConnectionStrings:{ResourceNames.Storage}"] = Endpoints });
        builder.AddBioStorage();
        using var host = builder.Build();

        Assert.IsType<Azure.Identity.DefaultAzureCredential>(host.Services.GetRequiredKeyedService<TokenCredential>(ResourceNames.Storage));
    }

    private sealed class FixedToken : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new("token", DateTimeOffset.MaxValue);

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
