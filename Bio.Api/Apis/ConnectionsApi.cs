using Bio.Api.Auth;
using Bio.Core.Sync;
using Bio.Core.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Bio.Api.Apis;

/// <summary>
/// Connections to device clouds (Oura, WHOOP): connect once with OAuth 2.0 (authorization code with PKCE),
/// and Bio keeps itself up to date. The owner connects, syncs and disconnects; the provider's consent page
/// sends the browser back to the callback, which is reached by the consent's state alone (it names the
/// person and is checked against the one Bio kept).
/// </summary>
public static class ConnectionsApi
{
    public static IEndpointRouteBuilder MapConnectionsApi(this IEndpointRouteBuilder app)
    {
        var user = app.MapGroup("/api/users/{userId}/connections").WithTags("Connections").RequireUserAccess();
        user.MapGet("/", async (string userId, IClusterClient cluster) => TypedResults.Ok(await cluster.GetGrain<IConnectionsGrain>(userId).GetAsync()))
            .WithName("Connections")
            .WithSummary("Each device cloud Bio syncs with: not_configured (this Bio has no client id/secret for it), available, connected or reconnect_needed, with the last sync, its error and the next run.");
        user.MapPost("/{provider}", StartAsync)
            .WithName("Connect")
            .WithSummary("Start connecting a provider (oura, whoop): returns the provider's consent URL to open in the browser; it comes back to /api/connections/{provider}/callback.");
        user.MapPost("/{provider}/sync", SyncAsync)
            .WithName("SyncNow")
            .WithSummary("Sync a connected provider now; returns the imports it made (each changed page is a bronze object imported like an upload; unchanged pages are counted, not imported again).");
        user.MapDelete("/{provider}", DisconnectAsync)
            .WithName("Disconnect")
            .WithSummary("Disconnect: revoke at the provider where it can, delete the tokens, stop the schedule. The imported data stays.");

        app.MapGet("/api/connections/{provider}/callback", CallbackAsync)
            .WithTags("Connections")
            .WithName("ConnectCallback")
            .WithSummary("Where the provider's consent page sends the browser (?code=&state=, or ?error=): completes the connection and redirects to the dashboard. Reached by its state, not by a key.")
            .WithAccess(Who.Anyone);
        return app;
    }

    /// <summary>The redirect URI registered with the provider: the configured public base URL, else this request's own.</summary>
    private static string RedirectUri(HttpContext http, SyncOptions options, string provider)
    {
        var root = string.IsNullOrWhiteSpace(options.CallbackBaseUrl) ? $"{http.Request.Scheme}://{http.Request.Host}" : options.CallbackBaseUrl.TrimEnd('/');
        return $"{root}/api/connections/{provider}/callback";
    }

    private static ProblemHttpResult? Unknown(string provider) => SyncProviders.IsKnown(provider) ? null
        : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown provider",
            detail: $"Bio does not sync with '{provider}': it syncs with {string.Join(" and ", SyncProviders.All.Select(p => p.Id))}.");

    public static async Task<Results<Ok<ConnectionStart>, ProblemHttpResult>> StartAsync(string userId, string provider, HttpContext http, IClusterClient cluster, IOptions<SyncOptions> options)
    {
        if (Unknown(provider) is { } unknown)
        {
            return unknown;
        }

        return TypedResults.Ok(await cluster.GetGrain<IConnectionsGrain>(userId).StartAsync(provider, RedirectUri(http, options.Value, provider)));
    }

    public static async Task<Results<Ok<SyncOutcome>, ProblemHttpResult>> SyncAsync(string userId, string provider, IClusterClient cluster)
    {
        if (Unknown(provider) is { } unknown)
        {
            return unknown;
        }

        return TypedResults.Ok(await cluster.GetGrain<IConnectionsGrain>(userId).SyncAsync(provider));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DisconnectAsync(string userId, string provider, IClusterClient cluster)
    {
        if (Unknown(provider) is { } unknown)
        {
            return unknown;
        }

        return await cluster.GetGrain<IConnectionsGrain>(userId).DisconnectAsync(provider)
            ? TypedResults.NoContent()
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not connected", detail: $"{SyncProviders.Get(provider).Name} is not connected.");
    }

    /// <summary>
    /// The consent's return. The state names the person (<see cref="ConsentState"/>); their connections
    /// grain checks it against the hash it kept (once, within its lifetime) before exchanging the code.
    /// With a dashboard configured the browser goes there, told how it went; without, the outcome is the answer.
    /// </summary>
    public static async Task<IResult> CallbackAsync(string provider, IClusterClient cluster, IOptions<SyncOptions> options,
        string? code = null, string? state = null, string? error = null, [FromQuery(Name = "error_description")] string? errorDescription = null)
    {
        if (Unknown(provider) is { } unknown)
        {
            return unknown;
        }

        var name = SyncProviders.Get(provider).Name;
        if (ConsentState.UserOf(state) is not { } userId)
        {
            return Outcome(options.Value, provider, null, "This link does not carry a consent Bio started: start connecting again from Settings.");
        }

        if (!string.IsNullOrEmpty(error) || string.IsNullOrEmpty(code))
        {
            return Outcome(options.Value, provider, null, error == "access_denied"
                ? $"{name} access was not granted, so nothing was connected."
                : $"{name} did not complete the consent ({errorDescription ?? error ?? "no code came back"}).");
        }

        try
        {
            var status = await cluster.GetGrain<IConnectionsGrain>(userId).CompleteAsync(provider, state!, code);
            return Outcome(options.Value, provider, status, null);
        }
        catch (UserValidationException e)
        {
            return Outcome(options.Value, provider, null, e.Message);
        }
    }

    private static IResult Outcome(SyncOptions options, string provider, ConnectionStatus? status, string? problem)
    {
        if (!string.IsNullOrWhiteSpace(options.DashboardUrl))
        {
            var query = QueryString.Create(new Dictionary<string, string?> { ["provider"] = provider, [problem is null ? "connected" : "error"] = problem ?? "1" });
            return TypedResults.Redirect(options.DashboardUrl.TrimEnd('/') + query.ToUriComponent());
        }

        return problem is null
            ? TypedResults.Ok(status)
            : TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not connected", detail: problem);
    }
}
