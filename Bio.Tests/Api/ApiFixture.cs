using System.Net.Http.Headers;
using System.Net.Http.Json;
using Bio.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bio.Tests.Api;

/// <summary>
/// Bio.Api in-process (WebApplicationFactory) as an Orleans client of a real silo on Azurite. The
/// people's clock (the silo's user clock and the API's clock) is a <see cref="TestClock"/> standing at
/// <see cref="TestCluster.Now"/>, never the machine's: synthetic data ends the day before, a journal entry
/// without a date is that day's, and a test that needs another date moves the clock there (<see cref="TestClock.At"/>).
/// </summary>
public sealed class ApiFixture(AzuriteFixture azurite) : IAsyncLifetime
{
    public TestCluster Cluster { get; } = new(azurite);

    public TestClock Clock => Cluster.Clock;

    public string AdminKey { get; } = "test-admin-" + Guid.NewGuid().ToString("N");

    public const long MaxUploadBytes = 4 * 1024 * 1024;

    public WebApplicationFactory<Bio.Api.ApiExceptionHandler> Factory { get; private set; } = null!;

    /// <summary>Settings for the silo and the API both, given before <see cref="InitializeAsync"/> (the browser tests' fake device cloud).</summary>
    public Dictionary<string, string?> Extra { get; } = [];

    public async ValueTask InitializeAsync()
    {
        await Cluster.StartSiloAsync(Extra.Count > 0 ? Extra : null, null);
        Factory = new WebApplicationFactory<Bio.Api.ApiExceptionHandler>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Development");
            foreach (var (key, value) in Cluster.Settings(silo: false))
            {
                web.UseSetting(key, value);
            }

            foreach (var (key, value) in Extra)
            {
                web.UseSetting(key, value);
            }

            web.UseSetting("Auth:AdminKey", AdminKey);
            web.UseSetting("Ingest:MaxUploadBytes", MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
            // Tests share keys across many calls; RateLimitTests sets its own limit.
            web.UseSetting("RateLimits:PermitsPerMinute", "1000000");
            web.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock)));
        });
    }

    public HttpClient Client(string? bearer = null)
    {
        var client = Factory.CreateClient();
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return client;
    }

    /// <summary>Creates a user through the API with the admin key and returns its id and one-time key.</summary>
    public async Task<(string Id, string Key)> CreateUserAsync(string? displayName = "Ada", string timeZone = "Europe/Berlin")
    {
        var id = "a-" + Guid.NewGuid().ToString("N")[..16];
        using var admin = Client(AdminKey);
        using var response = await admin.PostAsJsonAsync("/api/users", new { id, displayName, timeZone });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<CreatedUser>();
        return (id, body!.ApiKey);
    }

    /// <summary>Uploads fixture files (paths under Bio.Tests/Fixtures) as the person, each through <c>POST /imports</c>, and checks each was taken.</summary>
    public async Task ImportFixturesAsync(string id, string key, params string[] fixtures)
    {
        using var client = Client(key);
        foreach (var file in fixtures)
        {
            using var upload = new MultipartFormDataContent
            {
                { new ByteArrayContent(await File.ReadAllBytesAsync(Bio.Tests.Ingest.Fixture.Path(file))), "file", System.IO.Path.GetFileName(file) },
            };
            (await client.PostAsync($"/api/users/{id}/imports", upload)).EnsureSuccessStatusCode();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Cluster.DisposeAsync();
    }

    public sealed record CreatedUser(string Id, string DisplayName, string TimeZone, DateTimeOffset CreatedAt, string ApiKey);
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "api";
}
