using Bio.Api.Auth;
using Bio.Core.Ingest;
using Bio.Core.Lake;
using Bio.Core.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Bio.Api.Apis;

/// <summary>
/// Data pushed to Bio from a phone: Apple has no cloud API, so an iOS app (Health Auto Export's REST
/// automation) POSTs Apple Health as JSON. The person gives the app a write-only ingest token, which opens
/// the push endpoint and nothing else (<see cref="Who.Ingest"/>); the body goes through the same bronze
/// path as an upload.
/// </summary>
public static class IngestApi
{
    public const string AppleHealthPath = "/api/ingest/{userId}/apple-health";

    public static IEndpointRouteBuilder MapIngestApi(this IEndpointRouteBuilder app)
    {
        var tokens = app.MapGroup("/api/users/{userId}/ingest-tokens").WithTags("Ingest").RequireUserAccess();
        tokens.MapGet("/", async (string userId, IClusterClient cluster) =>
                TypedResults.Ok(await cluster.GetGrain<IAccountGrain>(userId).GetIngestTokensAsync()))
            .WithName("IngestTokens").WithSummary("The person's write-only ingest tokens: ids, names and dates (never the secrets).");
        tokens.MapPost("/", CreateTokenAsync)
            .WithName("CreateIngestToken")
            .WithSummary("Issue a named write-only ingest token ({name}) for an app that pushes data (Health Auto Export); the token and the URL to push to are shown this once. It can upload, nothing else.");
        tokens.MapDelete("/{tokenId}", RevokeTokenAsync)
            .WithName("RevokeIngestToken").WithSummary("Revoke an ingest token at once: the app's next push is refused (401).");

        app.MapGroup("/api/ingest/{userId}").WithTags("Ingest").RequireUserAccess(Who.Ingest | Who.Owner)
            .MapPost("/apple-health", PushAppleHealthAsync)
            .WithName("PushAppleHealth")
            .WithSummary("Health Auto Export's REST automation posts here (JSON, 'Authorization: Bearer <ingest token>'; the owner's API key works too). The body goes to bronze like an upload and is imported as apple-health; the answer is the import report. The same body again changes nothing.")
            .DisableAntiforgery();
        return app;
    }

    public static async Task<Created<IngestTokenCreated>> CreateTokenAsync(string userId, CreateIngestTokenRequest request, HttpContext http, IClusterClient cluster)
    {
        var issued = await cluster.GetGrain<IAccountGrain>(userId).CreateIngestTokenAsync(request.Name ?? "");
        var url = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{AppleHealthPath.Replace("{userId}", userId, StringComparison.Ordinal)}";
        return TypedResults.Created($"/api/users/{userId}/ingest-tokens",
            new IngestTokenCreated(issued.Info.KeyId, issued.Info.Name, issued.Info.CreatedAt, issued.Token, url));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeTokenAsync(string userId, string tokenId, IClusterClient cluster) =>
        await cluster.GetGrain<IAccountGrain>(userId).RevokeIngestTokenAsync(tokenId)
            ? TypedResults.NoContent()
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"There is no ingest token '{tokenId}'.");

    /// <summary>Exactly an upload of the body, declared as Apple Health: bronze first, then the import and its report.</summary>
    public static Task<Results<Created<ImportReport>, ProblemHttpResult>> PushAppleHealthAsync(
        string userId, HttpContext http, IClusterClient cluster, LakeStore lake, IOptions<IngestOptions> options) =>
        ImportsApi.ImportAsync(userId, http, cluster, lake, options, source: Bio.Core.Ingest.AppleHealth.AppleHealthImporter.SourceName, fileName: "health-auto-export.json");
}

public sealed record CreateIngestTokenRequest(string? Name);

/// <summary>A new ingest token, shown once, with the URL the app posts to.</summary>
public sealed record IngestTokenCreated(string TokenId, string Name, DateTimeOffset CreatedAt, string Token, string Url);
