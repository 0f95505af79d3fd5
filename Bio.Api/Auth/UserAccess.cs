using System.Security.Claims;
using Bio.Core.Users;

namespace Bio.Api.Auth;

/// <summary>
/// The gate on every <c>/api/users/{userId}</c> route: the id must be well-formed (400), and the caller
/// must be that user or an admin (403). Handlers behind it never see another user's id.
/// </summary>
public static class UserAccess
{
    /// <summary>Marks an endpoint as one person's: the gate runs before the request body is even read.</summary>
    public sealed class Marker;

    public static RouteGroupBuilder RequireUserAccess(this RouteGroupBuilder group)
    {
        group.RequireAuthorization(Policies.Authenticated);
        group.WithMetadata(new Marker());
        // Defence in depth: the middleware below has already decided; the filter checks again.
        group.AddEndpointFilter(async (context, next) => Refusal(context.HttpContext) ?? await next(context));
        return group;
    }

    /// <summary>
    /// Runs after authentication and authorization, before the endpoint binds its body: another user's
    /// id gets 403 (and a malformed id 400) whatever the request carries.
    /// </summary>
    public static IApplicationBuilder UseUserAccess(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<Marker>() is not null && context.User.Identity?.IsAuthenticated == true &&
                Refusal(context) is { } refusal)
            {
                await refusal.ExecuteAsync(context);
                return;
            }

            await next(context);
        });

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult? Refusal(HttpContext context)
    {
        var userId = context.GetRouteValue("userId") as string;
        if (!UserId.IsValid(userId))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid user id", detail: UserId.Describe(userId));
        }

        return context.User.MayAccess(userId)
            ? null
            : TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Forbidden",
                detail: "This API key belongs to another user; a key can only reach its own user's data.");
    }

    public static bool MayAccess(this ClaimsPrincipal principal, string userId) =>
        principal.IsInRole(Roles.Admin) ||
        (principal.IsInRole(Roles.User) && principal.FindFirstValue(ApiKeyAuthenticationHandler.UserIdClaim) == userId);
}
