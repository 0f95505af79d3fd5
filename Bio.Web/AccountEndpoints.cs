using System.Security.Claims;
using Bio.Web.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace Bio.Web;

/// <summary>
/// Sign-in with an API key: the key is checked against Bio.Api, then kept only inside the encrypted,
/// HTTP-only session cookie so that each API call is made with the person's own key.
/// </summary>
public static class AccountEndpoints
{
    public const string ApiKeyClaim = "bio:api-key";
    public const string UserIdClaim = "bio:user";

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/signin", SignInAsync);
        app.MapPost("/account/signout", async (HttpContext context) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.Redirect("/signin");
        });
        return app;
    }

    private static async Task<IResult> SignInAsync(HttpContext context, [FromForm(Name = "apiKey")] string? apiKey, BioApiClient api)
    {
        apiKey = apiKey?.Trim();
        var userId = UserIdOf(apiKey);
        if (apiKey is null || userId is null)
        {
            return Results.Redirect(apiKey?.StartsWith("bio_", StringComparison.Ordinal) == true ? "/signin?error=incomplete" : "/signin?error=format");
        }

        var profile = await api.GetProfileAsync(userId, apiKey, context.RequestAborted);
        if (profile is null)
        {
            return Results.Redirect("/signin?error=rejected");
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, profile.DisplayName), new Claim(UserIdClaim, profile.Id), new Claim(ApiKeyClaim, apiKey)],
            CookieAuthenticationDefaults.AuthenticationScheme);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        return Results.Redirect("/");
    }

    /// <summary>User keys read <c>bio_{userId}_{keyId}_{secret}</c>; the user id is the part before the last two.</summary>
    public static string? UserIdOf(string? apiKey)
    {
        if (apiKey is null || !apiKey.StartsWith("bio_", StringComparison.Ordinal))
        {
            return null;
        }

        var parts = apiKey[4..].Split('_');
        return parts.Length == 3 && parts[0].Length > 0 ? parts[0] : null;
    }
}
