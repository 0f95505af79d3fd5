using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Bio.ServiceDefaults;
using Bio.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Bio.Tests.Infra;

/// <summary>
/// The managed-identity path, run for real against Azurite's OAuth mode: the services' storage clients,
/// then a Bio silo and Bio.Api, with endpoints and a token credential and no account key anywhere.
/// </summary>
public sealed class AzuriteOAuthTests(OAuthAzurite azurite) : IClassFixture<OAuthAzurite>
{
    private IHost Services(EmulatorTokens tokens)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [$"ConnectionStrings:{ResourceNames.Storage}"] = azurite.Endpoints });
        builder.AddBioStorage();
        azurite.Trust(builder.Services, tokens);
        return builder.Build();
    }

    [Fact]
    public async Task BlobsAndTablesAnswerTheServicesWithATokenAndNoKey()
    {
        var ct = TestContext.Current.CancellationToken;
        var tokens = new EmulatorTokens();
        using var host = Services(tokens);
        var blobs = host.Services.GetRequiredKeyedService<BlobServiceClient>(ResourceNames.Storage);
        var tables = host.Services.GetRequiredKeyedService<TableServiceClient>(ResourceNames.Storage);
        Assert.IsType<StorageAccess.Endpoints>(host.Services.GetRequiredKeyedService<StorageAccess>(ResourceNames.Storage));

        var container = blobs.GetBlobContainerClient("oauth-" + Guid.NewGuid().ToString("N")[..8]);
        await container.CreateAsync(cancellationToken: ct);
        await container.UploadBlobAsync("hello.txt", BinaryData.FromString("by identity"), ct);
        var read = await container.GetBlobClient("hello.txt").DownloadContentAsync(ct);
        Assert.Equal("by identity", read.Value.Content.ToString());

        var table = tables.GetTableClient("oauth" + Guid.NewGuid().ToString("N")[..8]);
        await table.CreateAsync(ct);
        await table.AddEntityAsync(new TableEntity("p", "r") { ["Value"] = 42 }, ct);
        var entity = await table.GetEntityAsync<TableEntity>("p", "r", cancellationToken: ct);
        Assert.Equal(42, entity.Value.GetInt32("Value"));

        var health = host.Services.GetRequiredService<HealthCheckService>();
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync(ct)).Status);
        Assert.NotEmpty(tokens.Scopes);
        Assert.All(tokens.Scopes, s => Assert.Equal("https://storage.azure.com/.default", s));
    }

    /// <summary>The emulator really checks the token: one for another audience is refused, so the test above can fail.</summary>
    [Fact]
    public async Task ATokenForAnotherAudienceIsRefused()
    {
        using var host = Services(new EmulatorTokens(audience: "https://vault.azure.net"));
        var blobs = host.Services.GetRequiredKeyedService<BlobServiceClient>(ResourceNames.Storage);
        var tables = host.Services.GetRequiredKeyedService<TableServiceClient>(ResourceNames.Storage);

        var blobError = await Assert.ThrowsAsync<RequestFailedException>(() => blobs.GetBlobContainerClient("refused").CreateAsync(cancellationToken: TestContext.Current.CancellationToken));
        var tableError = await Assert.ThrowsAsync<RequestFailedException>(() => tables.GetTableClient("refused").CreateAsync(TestContext.Current.CancellationToken));

        Assert.Equal(403, blobError.Status);
        Assert.Equal(403, tableError.Status);
    }

    [Fact]
    public async Task ASiloAndTheApiRunOnTheIdentityShape()
    {
        var ct = TestContext.Current.CancellationToken;
        var tokens = new EmulatorTokens();
        await using var cluster = new TestCluster(azurite.Endpoints, serviceId: "bio-oauth-tests");
        await cluster.StartSiloAsync(null, services => azurite.Trust(services, tokens));
        var adminKey = "test-admin-" + Guid.NewGuid().ToString("N");
        await using var api = new WebApplicationFactory<Bio.Api.ApiExceptionHandler>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Development");
            foreach (var (key, value) in cluster.Settings(silo: false))
            {
                web.UseSetting(key, value);
            }

            web.UseSetting("Auth:AdminKey", adminKey);
            web.ConfigureServices(services => azurite.Trust(services, tokens));
        });

        using var http = api.CreateClient();
        using var health = await http.GetAsync(new Uri("/health", UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        // A person made through the API: their account grain's state is written by the silo, by token.
        var id = "oauth-" + Guid.NewGuid().ToString("N")[..10];
        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/users") { Content = JsonContent.Create(new { id, displayName = "Ada", timeZone = "Europe/Berlin" }) };
        create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
        using var created = await http.SendAsync(create, ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var key = (await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("apiKey").GetString();

        using var read = new HttpRequestMessage(HttpMethod.Get, $"/api/users/{id}");
        read.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var profile = await http.SendAsync(read, ct);
        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
        Assert.Equal("Ada", (await profile.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("displayName").GetString());

        // The grain state is in the emulator's blobs, which nothing could read without a token.
        using var reader = Services(new EmulatorTokens());
        var containers = new List<string>();
        await foreach (var container in reader.Services.GetRequiredKeyedService<BlobServiceClient>(ResourceNames.Storage).GetBlobContainersAsync(cancellationToken: ct))
        {
            containers.Add(container.Name);
        }

        Assert.NotEmpty(containers);
        Assert.NotEmpty(tokens.Scopes);
    }
}
