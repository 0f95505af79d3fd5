using Microsoft.Extensions.DependencyInjection;
using Bio.Tools;

namespace Bio.AppHost;

/// <summary>
/// Azurite started from the pinned npm package as an executable (no Docker), bound to 127.0.0.1, with
/// its data under the git-ignored local state folder so it survives restarts. Its account key is new on
/// every run and reaches the services only inside the connection string.
/// </summary>
public sealed class AzuriteResource(string name, string command, string workingDirectory, string account, ParameterResource key)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public EndpointReference Blob => new(this, "blob");
    public EndpointReference Table => new(this, "table");

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"DefaultEndpointsProtocol=http;AccountName={account};AccountKey={key};" +
        $"BlobEndpoint=http://127.0.0.1:{Blob.Property(EndpointProperty.Port)}/{account};" +
        $"TableEndpoint=http://127.0.0.1:{Table.Property(EndpointProperty.Port)}/{account};");
}

public static class LocalStorageExtensions
{
    /// <summary>
    /// Storage for Orleans and the lake: Azurite when run locally; when the AppHost is published, the
    /// parameter <c>ConnectionStrings:storage</c> (the Aspire.Hosting.Azure.Storage package, which would
    /// provision an account, is not in the registry). <c>azd up</c> does not go through here: it deploys
    /// the services with infra/, which gives them the account's endpoints and a managed identity (docs/deploy.md).
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddBioStorage(
        this IDistributedApplicationBuilder builder, string name, BioAppHostSettings settings)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            return builder.AddConnectionString(name);
        }

        var azurite = builder.AddLocalStorage(name, settings);
        return builder.CreateResourceBuilder<IResourceWithConnectionString>(azurite.Resource);
    }

    public static IResourceBuilder<AzuriteResource> AddLocalStorage(
        this IDistributedApplicationBuilder builder, string name, BioAppHostSettings settings)
    {
        var toolDirectory = AzuriteTool.FindToolDirectory(builder.AppHostDirectory);
        var script = Path.Combine(toolDirectory, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (builder.ExecutionContext.IsRunMode)
        {
            AzuriteTool.EnsureInstalled(toolDirectory, Console.WriteLine);
        }

        var accountKey = AzuriteTool.NewAccountKey();
        var key = builder.AddParameter($"{name}-account-key", () => accountKey, secret: true);
        var data = Path.Combine(settings.LocalStatePath, "azurite");
        var resource = new AzuriteResource(name, "node", toolDirectory, settings.AzuriteAccount, key.Resource);

        var healthKey = $"{name}-answers";
        builder.Services.AddHealthChecks().AddAsyncCheck(healthKey, async ct =>
        {
            // Any HTTP answer (403 without credentials) means the blob service is up.
            var url = await resource.Blob.GetValueAsync(ct);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            try
            {
                using var response = await http.GetAsync($"{url}/{settings.AzuriteAccount}?comp=list", ct);
                return Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy();
            }
            catch (HttpRequestException ex)
            {
                return Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Unhealthy("Azurite does not answer yet.", ex);
            }
        });

        return builder.AddResource(resource)
            .WithHttpEndpoint(name: "blob")
            .WithHttpEndpoint(name: "queue")
            .WithHttpEndpoint(name: "table")
            .WithArgs(context =>
            {
                context.Args.Add(script);
                context.Args.Add("--blobHost"); context.Args.Add("127.0.0.1");
                context.Args.Add("--blobPort"); context.Args.Add(resource.Blob.Property(EndpointProperty.TargetPort));
                context.Args.Add("--queueHost"); context.Args.Add("127.0.0.1");
                context.Args.Add("--queuePort"); context.Args.Add(new EndpointReference(resource, "queue").Property(EndpointProperty.TargetPort));
                context.Args.Add("--tableHost"); context.Args.Add("127.0.0.1");
                context.Args.Add("--tablePort"); context.Args.Add(resource.Table.Property(EndpointProperty.TargetPort));
                context.Args.Add("--location"); context.Args.Add(data);
                context.Args.Add("--disableTelemetry");
                context.Args.Add("--skipApiVersionCheck");
                context.Args.Add("--loose");
            })
            .WithEnvironment(context =>
            {
                Directory.CreateDirectory(data);
                context.EnvironmentVariables["AZURITE_ACCOUNTS"] = ReferenceExpression.Create($"{settings.AzuriteAccount}:{key.Resource}");
            })
            .WithHealthCheck(healthKey);
    }
}
