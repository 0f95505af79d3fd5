using Bio.FakeClouds;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Bio.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bio.Tests.Sync;

/// <summary>
/// A Bio (a real silo on Azurite and the API in process) pointed at a fake WHOOP cloud on loopback by
/// configuration alone (<c>Bio:Sync:Whoop:*</c>), and at a fake Oura cloud likewise, as a self-hoster would
/// point them anywhere. The people's clock stands at <see cref="TestCluster.Now"/>.
/// </summary>
public sealed class SyncFixture(AzuriteFixture azurite) : IAsyncLifetime
{
    public const string Dashboard = "http://dashboard.test/settings";

    public AzuriteFixture Azurite => azurite;

    public FakeWhoop Whoop { get; private set; } = null!;

    public FakeOura Oura { get; private set; } = null!;

    public const int OuraCallsPerSecond = 20;

    public TestCluster Cluster { get; } = new(azurite);

    public string AdminKey { get; } = "test-admin-" + Guid.NewGuid().ToString("N");

    public ApiHost Api { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Whoop = await FakeWhoop.StartAsync();
        // Forty nights up to the one that ended this morning (06:30 UTC, before the clock's 07:30).
        var today = DateOnly.FromDateTime(TestCluster.Now.UtcDateTime);
        Whoop.Days.AddRange(Enumerable.Range(0, 40).Select(i => today.AddDays(-i)));
        Oura = await FakeOura.StartAsync();
        Oura.Days.AddRange(Enumerable.Range(0, 45).Select(i => today.AddDays(-i)));
        var sync = Whoop.Settings();
        foreach (var (key, value) in Oura.Settings())
        {
            sync[key] = value;
        }

        // Oura's call budget for the whole cluster, tight enough to be seen: 20 a second.
        sync["Bio:Sync:Oura:CallsPerWindow"] = OuraCallsPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture);
        sync["Bio:Sync:Oura:RateWindow"] = "00:00:01";

        sync["Bio:Sync:DashboardUrl"] = Dashboard;
        await Cluster.StartSiloAsync(sync, null);
        var settings = Cluster.Settings(silo: false);
        foreach (var (key, value) in sync)
        {
            settings[key] = value;
        }

        settings["Auth:AdminKey"] = AdminKey;
        settings["RateLimits:PermitsPerMinute"] = "1000000";
        Api = new ApiHost(settings, web =>
        {
            web.UseSetting("environment", "Development");
            web.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Cluster.Clock)));
        });
    }

    public HttpClient Client(string? bearer = null, bool redirects = true)
    {
        var client = Api.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = redirects });
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return client;
    }

    public async Task<(string Id, string Key)> CreateUserAsync(string timeZone = "UTC")
    {
        var id = "s-" + Guid.NewGuid().ToString("N")[..16];
        using var admin = Client(AdminKey);
        using var response = await admin.PostAsJsonAsync("/api/users", new { id, displayName = "Sync", timeZone });
        response.EnsureSuccessStatusCode();
        return (id, (await response.Content.ReadFromJsonAsync<Bio.Tests.Api.ApiFixture.CreatedUser>())!.ApiKey);
    }

    public async ValueTask DisposeAsync()
    {
        await Api.DisposeAsync();
        await Cluster.DisposeAsync();
        await Whoop.DisposeAsync();
        await Oura.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class SyncCollection : ICollectionFixture<SyncFixture>
{
    public const string Name = "sync";
}
