using System.Security.Claims;
using System.Text.Encodings.Web;
using Bio.Core.Auth;
using Bio.Core.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Bio.Api.Auth;

/// <summary>
/// <c>Authorization: Bearer &lt;key&gt;</c>. The admin key makes an admin; a user key is checked by the
/// grain of the user it names, so it can only ever become that user.
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
        await WriteProblemAsync("Authentication required",
            "Send a valid API key as 'Authorization: Bearer <key>'. Keys are issued when a user is created.");
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
