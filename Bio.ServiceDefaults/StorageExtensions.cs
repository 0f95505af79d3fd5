using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Bio.ServiceDefaults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>Timeouts and retries for every storage call. Orleans' and the SDK's default is 100 s.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>How long one storage request may take before it is retried or fails.</summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public int MaxRetries { get; set; } = 2;
}

/// <summary>
/// The Azure Storage clients for the <c>storage</c> connection string, registered as keyed services
/// under the resource name (Orleans' Azure providers resolve them by that key, so clustering, grain
/// state and reminders use them too), with a health check. This stands in for the Aspire Azure Storage
/// components, which the package registry lacks. <see cref="StorageAccess"/> decides between a
/// connection string with a key (Azurite) and endpoints with a token credential: the
/// <see cref="TokenCredential"/> keyed by the resource name, <see cref="DefaultAzureCredential"/> unless
/// replaced (in Azure the user-assigned managed identity named by <c>AZURE_CLIENT_ID</c>).
/// </summary>
public static class StorageExtensions
{
    public static TBuilder AddBioStorage<TBuilder>(this TBuilder builder, string name = ResourceNames.Storage)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section)
            .Validate(o => o.NetworkTimeout > TimeSpan.Zero && o.MaxRetries >= 0, "Storage timeouts must be positive.")
            .ValidateOnStart();

        builder.Services.AddKeyedSingleton(name, (sp, _) => StorageAccess.Parse(
            sp.GetRequiredService<IConfiguration>().GetConnectionString(name)
            ?? throw new InvalidOperationException(
                $"The connection string '{name}' is missing. Run through Bio.AppHost, or set ConnectionStrings__{name}.")));
        // One credential for both clients (it caches its token), made only when endpoints are given.
        builder.Services.AddKeyedSingleton<TokenCredential>(name, (_, _) => new DefaultAzureCredential());
        TokenCredential Credential(IServiceProvider sp) => sp.GetRequiredKeyedService<TokenCredential>(name);

        builder.Services.AddKeyedSingleton(name, (sp, key) =>
        {
            var options = new TableClientOptions();
            Apply(options, sp, name);
            return sp.GetRequiredKeyedService<StorageAccess>(key).CreateTableServiceClient(options, () => Credential(sp));
        });
        builder.Services.AddKeyedSingleton(name, (sp, key) =>
        {
            var options = new BlobClientOptions();
            Apply(options, sp, name);
            return sp.GetRequiredKeyedService<StorageAccess>(key).CreateBlobServiceClient(options, () => Credential(sp));
        });

        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            name,
            sp => new StorageHealthCheck(
                sp.GetRequiredKeyedService<BlobServiceClient>(name),
                sp.GetRequiredKeyedService<TableServiceClient>(name)),
            HealthStatus.Unhealthy,
            ["ready"],
            TimeSpan.FromSeconds(15)));
        return builder;
    }

    private static void Apply(ClientOptions options, IServiceProvider sp, string name)
    {
        // A transport registered for this storage (tests trust the emulator's self-signed certificate).
        if (sp.GetKeyedService<HttpPipelineTransport>(name) is { } transport)
        {
            options.Transport = transport;
        }

        var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
        options.Retry.NetworkTimeout = storage.NetworkTimeout;
        options.Retry.MaxRetries = storage.MaxRetries;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(2);
    }
}

internal sealed class StorageHealthCheck(BlobServiceClient blobs, TableServiceClient tables) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await blobs.GetPropertiesAsync(cancellationToken);
            await tables.GetPropertiesAsync(cancellationToken);
            return HealthCheckResult.Healthy("Blob and table storage answer.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("Storage is not reachable.", ex);
        }
    }
}
