using System.Net;
using Bio.ServiceDefaults;
using Bio.Silo;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace Bio.Tests.Infrastructure;

/// <summary>
/// Real Bio silos (Bio.Silo's own <c>AddBioSilo</c>) in this process, clustered through Azure Table
/// membership on the test Azurite, with grain state in Azure Blob storage, exactly as the AppHost
/// configures them. Each cluster has its own cluster id; silos can be added, stopped and restarted.
/// The people's clock (the silos' user clock) is <see cref="Clock"/>, standing at <see cref="Now"/> unless
/// a test moves it or a silo's services put another in its place: no test reads the machine's calendar.
/// </summary>
public sealed class TestCluster(string storageConnectionString, string serviceId = TestCluster.SharedServiceId) : IAsyncDisposable
{
    public TestCluster(AzuriteFixture azurite, string serviceId = SharedServiceId)
        : this(azurite.ConnectionString, serviceId)
    {
    }

    private readonly List<SiloHandle> silos = [];
    private readonly List<IHost> clients = [];

    public string ClusterId { get; } = "test-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>"Now" for the people in tests: Wednesday 2026-06-17, 07:30 UTC (09:30 in Berlin).</summary>
    public static readonly DateTimeOffset Now = new(2026, 6, 17, 7, 30, 0, TimeSpan.Zero);

    /// <summary>The user clock of every silo of this cluster.</summary>
    public TestClock Clock { get; } = new(Now);

    /// <summary>
    /// One service id for the test clusters, as in production: grain state is found by it. A cluster
    /// with fast reminders takes its own, or every cluster of the run would fire them.
    /// </summary>
    public const string SharedServiceId = "bio-tests";

    public string ServiceId { get; } = serviceId;

    public IReadOnlyList<SiloHandle> Silos => silos;

    public Dictionary<string, string?> Settings(bool silo) => AllSettings(silo)
        .Where(kv => kv.Value is not null)
        .ToDictionary(kv => kv.Key, kv => kv.Value);

    private Dictionary<string, string?> AllSettings(bool silo) => new()
    {
        [$"ConnectionStrings:{ResourceNames.Storage}"] = storageConnectionString,
        ["Orleans:ClusterId"] = ClusterId,
        ["Orleans:ServiceId"] = ServiceId,
        ["Orleans:Clustering:ProviderType"] = "AzureTableStorage",
        ["Orleans:Clustering:ServiceKey"] = ResourceNames.Storage,
        [$"Orleans:GrainStorage:{ResourceNames.UserStateStore}:ProviderType"] = silo ? "AzureBlobStorage" : null,
        [$"Orleans:GrainStorage:{ResourceNames.UserStateStore}:ServiceKey"] = silo ? ResourceNames.Storage : null,
        ["Orleans:Reminders:ProviderType"] = silo ? "AzureTableStorage" : null,
        ["Orleans:Reminders:ServiceKey"] = silo ? ResourceNames.Storage : null,
        ["Orleans:EnableDistributedTracing"] = "true",
        ["Logging:LogLevel:Default"] = "Warning",
    };

    public Task<SiloHandle> StartSiloAsync() => StartSiloAsync(null, null);

    /// <summary>A silo with extra configuration and service replacements (a controllable clock, shorter reminders).</summary>
    public async Task<SiloHandle> StartSiloAsync(IDictionary<string, string?>? settings, Action<IServiceCollection>? services)
    {
        var siloPort = Ports.Free();
        var gatewayPort = Ports.Free();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(Settings(silo: true));
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Orleans:Endpoints:SiloPort"] = siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans:Endpoints:GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans:Endpoints:AdvertisedIPAddress"] = IPAddress.Loopback.ToString(),
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddServiceDefaults();
        builder.AddBioSilo();
        builder.Services.Replace(ServiceDescriptor.KeyedSingleton<TimeProvider>(Bio.Silo.Extensions.UserClock, Clock));
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync();
        var handle = new SiloHandle(app, new IPEndPoint(IPAddress.Loopback, gatewayPort));
        silos.Add(handle);
        return handle;
    }

    /// <summary>A client that finds gateways through the membership table, as Bio.Api does.</summary>
    public Task<IClusterClient> ConnectAsync() => ConnectAsync(gateway: null);

    /// <summary>A client pinned to one silo's gateway, to show that any silo serves any user.</summary>
    public async Task<IClusterClient> ConnectAsync(IPEndPoint? gateway)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(Settings(silo: false));
        builder.AddBioStorage();
        if (gateway is null)
        {
            builder.UseOrleansClient();
        }
        else
        {
            builder.UseOrleansClient(client => client.UseStaticClustering(gateway));
        }

        var host = builder.Build();
        await host.StartAsync();
        clients.Add(host);
        return host.Services.GetRequiredService<IClusterClient>();
    }

    public async Task StopSiloAsync(SiloHandle silo)
    {
        await silo.App.StopAsync();
        await silo.App.DisposeAsync();
        silos.Remove(silo);
    }

    /// <summary>Stops a silo without the graceful handover (its shutdown cancelled at once), as close to a crash as in-process allows.</summary>
    public async Task KillSiloAsync(SiloHandle silo)
    {
        silos.Remove(silo);
        using var now = new CancellationTokenSource();
        await now.CancelAsync();
        try
        {
            await silo.App.StopAsync(now.Token);
        }
        catch (OperationCanceledException)
        {
            // the point
        }

        await silo.App.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in clients)
        {
            await client.StopAsync();
            client.Dispose();
        }

        foreach (var silo in silos.ToList())
        {
            await StopSiloAsync(silo);
        }
    }
}

public sealed record SiloHandle(WebApplication App, IPEndPoint Gateway)
{
    public SiloAddress Address => App.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
}
