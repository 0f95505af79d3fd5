using System.Security.Claims;
using Bio.Core.Users;

namespace Bio.Api.Auth;

/// <summary>
/// The gate on every <c>/api/users/{userId}</c> route: the id must be well-formed (400), and the caller
/// must be that user or an admin (403). Handlers behind it never see another user's id.
/// </summary>
public static class UserAccess
{
    public static RouteGroupBuilder RequireUserAccess(this RouteGroupBuilder group)
    {
        group.RequireAuthorization(Policies.Authenticated);
        group.AddEndpointFilter(async (context, next) =>
        {
            var userId = context.HttpContext.GetRouteValue("userId") as string;
            if (!UserId.IsValid(userId))
            {
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status400BadRequest, title: "Invalid user id", detail: UserId.Describe(userId));
            }

            if (!context.HttpContext.User.MayAccess(userId))
            {
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status403Forbidden,
                    title: "Forbidden",
                    detail: "This API key belongs to another user; a key can only reach its own user's data.");
            }

            return await next(context);
        });
        return group;
    }

    public static bool MayAccess(this ClaimsPrincipal principal, string userId) =>
        principal.IsInRole(Roles.Admin) ||
        (principal.IsInRole(Roles.User) && principal.FindFirstValue(ApiKeyAuthenticationHandler.UserIdClaim) == userId);
}
