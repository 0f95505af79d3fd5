using System.Security.Claims;
using System.Text.Encodings.Web;
using Bio.Core.Auth;
using Bio.Core.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Bio.Api.Auth;

/// <summary>
/// <c>Authorization: Bearer &lt;key&gt;</c>. The admin key makes an admin; a user key is checked by the
/// grain of the user it names, so it can only ever become that user. An ingest token (<see cref="IngestTokens"/>)
/// becomes the <see cref="Roles.Ingest"/> role with its person in <see cref="IngestUserClaim"/> only, never
/// in <see cref="UserIdClaim"/>: whatever reads the caller's user id finds none, so it is nobody's owner.
/// </summary>
public sealed partial class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<AuthOptions> auth,
    IClusterClient cluster,
    IProblemDetailsService problems) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string UserIdClaim = "bio:user";
    public const string KeyIdClaim = "bio:key";
    public const string IngestUserClaim = "bio:ingest-user";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.Fail("The Authorization header must be 'Bearer <api key>'.");
        }

        var presented = header["Bearer ".Length..].Trim();
        if (ApiKeys.AdminKeyMatches(presented, auth.CurrentValue.AdminKey))
        {
            return Success(Roles.Admin, userId: null, keyId: "admin");
        }

        if (IngestTokens.LooksLikeOne(presented))
        {
            if (IngestTokens.TryParse(presented, out var token) && await cluster.GetGrain<IAccountGrain>(token.UserId).VerifyIngestTokenAsync(token))
            {
                var ingest = new ClaimsIdentity([new(ClaimTypes.Role, Roles.Ingest), new(KeyIdClaim, token.KeyId), new(IngestUserClaim, token.UserId)], SchemeName);
                return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(ingest), SchemeName));
            }

            LogRejectedKey(Logger);
            return AuthenticateResult.Fail("The ingest token is not valid (revoked, or never issued).");
        }

        if (ApiKeys.TryParse(presented, out var parts) &&
            await cluster.GetGrain<IAccountGrain>(parts.UserId).VerifyApiKeyAsync(parts))
        {
            return Success(Roles.User, parts.UserId, parts.KeyId);
        }

        LogRejectedKey(Logger);
        return AuthenticateResult.Fail("The API key is not valid.");
    }

    private static AuthenticateResult Success(string role, string? userId, string keyId)
    {
        var claims = new List<Claim> { new(ClaimTypes.Role, role), new(KeyIdClaim, keyId) };
        if (userId is not null)
        {
            claims.Add(new Claim(UserIdClaim, userId));
            claims.Add(new Claim(ClaimTypes.NameIdentifier, userId));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await WriteProblemAsync("Authentication required", Context.Request.Path.StartsWithSegments("/api/ingest", StringComparison.Ordinal)
            ? "Send a live ingest token as 'Authorization: Bearer bioin_…'. The person makes one under POST /api/users/{userId}/ingest-tokens; a revoked one no longer works."
            : "Send a valid API key as 'Authorization: Bearer <key>'. Keys are issued when a user is created.");
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await WriteProblemAsync("Forbidden", "This API key is not allowed to do that.");
    }

    private async Task WriteProblemAsync(string title, string detail)
    {
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = Response.StatusCode, Title = title, Detail = detail },
        });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "An API key was presented and rejected.")]
    private static partial void LogRejectedKey(ILogger logger);
}
