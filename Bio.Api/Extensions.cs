using Azure.Storage.Blobs;
using Bio.Api.Auth;
using Bio.Core.Ingest;
using Bio.Core.Lake;
using Bio.ServiceDefaults;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Authentication;

namespace Bio.Api;

public static class Extensions
{
    public static IHostApplicationBuilder AddBioApi(this IHostApplicationBuilder builder)
    {
        builder.AddBioStorage();
        builder.UseOrleansClient();
        builder.AddBioChatModel();
        builder.Services.AddOptions<IngestOptions>().BindConfiguration(IngestOptions.Section);
        builder.Services.AddOptions<Bio.Core.Sync.SyncOptions>().BindConfiguration(Bio.Core.Sync.SyncOptions.Section);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp => new Bio.Core.Audit.AuditStore(sp.GetRequiredKeyedService<BlobServiceClient>(ResourceNames.Storage)));
        builder.Services.AddSingleton(sp => new AuditWriter(sp.GetRequiredService<Bio.Core.Audit.AuditStore>(), sp.GetRequiredService<IClusterClient>(),
            sp.GetRequiredService<ILogger<AuditWriter>>(), builder.Configuration.GetValue<TimeSpan?>("Audit:FlushInterval")));
        // After the Orleans client, so it stops before the client does and can still write what is queued.
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AuditWriter>());
        builder.Services.AddSingleton(sp => new LakeStore(sp.GetRequiredKeyedService<BlobServiceClient>(ResourceNames.Storage), time: sp.GetRequiredService<TimeProvider>()));
        builder.Services.Configure<FormOptions>(o => o.MultipartBodyLengthLimit = builder.Configuration.GetValue(
            $"{IngestOptions.Section}:{nameof(IngestOptions.MaxUploadBytes)}", new IngestOptions().MaxUploadBytes));

        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ApiExceptionHandler>();
        builder.Services.AddOpenApi(options => options.AddDocumentTransformer<BearerSecurityTransformer>());

        builder.Services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section);
        builder.Services.AddBioRateLimits(builder.Configuration);
        builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        // Default deny: an endpoint that declares nothing needs a signed-in caller, and then the gate
        // (UserAccess) lets through only whom it declares.
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Policies.Authenticated, p => p.RequireAuthenticatedUser());
        return builder;
    }

    public static WebApplication UseBioApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseSwaggerUI(options =>
        {
            options.SwaggerEndpoint("/openapi/v1.json", "Bio API v1");
            options.RoutePrefix = "docs";
            options.DocumentTitle = "Bio API";
        });
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseAudit();
        app.UseUserAccess();

        app.MapOpenApi().WithAccess(Who.Anyone);
        app.MapGet("/", () => Results.Redirect("/docs")).ExcludeFromDescription().WithAccess(Who.Anyone);
        return app;
    }
}
