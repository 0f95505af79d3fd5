using System.Net;
using Bio.ServiceDefaults;
using Bio.Silo;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bio.Bench;

/// <summary>A silo and a client in the bench process, clustered and stored on the bench's Azurite, as the AppHost wires them.</summary>
internal static class BenchCluster
{
    public static Dictionary<string, string?> Settings(BenchAzurite azurite) => new()
    {
        [$"ConnectionStrings:{ResourceNames.Storage}"] = azurite.ConnectionString,
        ["Orleans:ClusterId"] = "bench-" + Guid.NewGuid().ToString("N")[..8],
        ["Orleans:ServiceId"] = "bio-bench",
        ["Orleans:Clustering:ProviderType"] = "AzureTableStorage",
        ["Orleans:Clustering:ServiceKey"] = ResourceNames.Storage,
        ["Logging:LogLevel:Default"] = "Warning",
    };

    public static async Task<WebApplication> StartSiloAsync(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"Orleans:GrainStorage:{ResourceNames.UserStateStore}:ProviderType"] = "AzureBlobStorage",
            [$"Orleans:GrainStorage:{ResourceNames.UserStateStore}:ServiceKey"] = ResourceNames.Storage,
            ["Orleans:Reminders:ProviderType"] = "AzureTableStorage",
            ["Orleans:Reminders:ServiceKey"] = ResourceNames.Storage,
            ["Orleans:Endpoints:SiloPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans:Endpoints:GatewayPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans:Endpoints:AdvertisedIPAddress"] = IPAddress.Loopback.ToString(),
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddServiceDefaults();
        builder.AddBioSilo();
        var app = builder.Build();
        await app.StartAsync();
        return app;
    }

    public static async Task<IHost> ConnectAsync(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddBioStorage();
        builder.UseOrleansClient();
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>A loopback port nobody listens on now.</summary>
    public static int FreePort()
    {
        using var socket = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
