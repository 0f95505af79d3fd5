using System.Security.Claims;
using Bio.Core.Users;

namespace Bio.Api.Auth;

/// <summary>Who may call an endpoint. Every endpoint of the API declares it (a test checks); nothing is allowed by default.</summary>
[Flags]
public enum Who
{
    /// <summary>Nobody: what an endpoint without a declaration gets.</summary>
    Nobody = 0,

    /// <summary>The person the route's <c>{userId}</c> names, with one of their own keys.</summary>
    Owner = 1,

    /// <summary>A user the person granted read access (<c>PUT /coaches/{coachId}</c>), on GET only, until revoked.</summary>
    Coach = 2,

    /// <summary>The admin key.</summary>
    Admin = 4,

    /// <summary>Anyone, signed in or not (health checks, the OpenAPI document).</summary>
    Anyone = 8,

    /// <summary>
    /// The person's own write-only ingest token (<see cref="Roles.Ingest"/>). Only the push endpoint declares it;
    /// every other endpoint refuses such a token with 403, whatever else it declares.
    /// </summary>
    Ingest = 16,
}

/// <summary>The endpoint's declaration of <see cref="Who"/> may call it.</summary>
public sealed record AccessMetadata(Who Who);

/// <summary>
/// The gate on every <c>/api/users/{userId}</c> route: the id must be well-formed (400), and the caller
/// must be someone the endpoint declares (403): the owner, an admin, or a coach the owner granted.
/// Handlers behind it never see an id their caller may not reach.
/// </summary>
public static class UserAccess
{
    /// <summary>Declares who may call every endpoint of the group (default: the owner only) and puts the gate in front.</summary>
    public static RouteGroupBuilder RequireUserAccess(this RouteGroupBuilder group, Who who = Who.Owner)
    {
        group.RequireAuthorization(Policies.Authenticated);
        group.WithMetadata(new AccessMetadata(who));
        // Defence in depth: the middleware below has already decided; the filter checks again.
        group.AddEndpointFilter(async (context, next) => await RefusalAsync(context.HttpContext) ?? await next(context));
        return group;
    }

    /// <summary>Declares who may call one endpoint (the last declaration wins over its group's).</summary>
    public static TBuilder WithAccess<TBuilder>(this TBuilder builder, Who who) where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new AccessMetadata(who));
        if (who.HasFlag(Who.Anyone))
        {
            builder.AllowAnonymous();
        }

        return builder;
    }

    /// <summary>
    /// Runs after authentication and authorization, before the endpoint binds its body: a caller the
    /// endpoint does not declare gets 403 (and a malformed id 400) whatever the request carries.
    /// </summary>
    public static IApplicationBuilder UseUserAccess(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<AccessMetadata>() is { Who: not Who.Anyone } && context.User.Identity?.IsAuthenticated == true &&
                await RefusalAsync(context) is { } refusal)
            {
                await refusal.ExecuteAsync(context);
                return;
            }

            await next(context);
        });

    private static async Task<Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult?> RefusalAsync(HttpContext context)
    {
        var who = context.GetEndpoint()?.Metadata.GetMetadata<AccessMetadata>()?.Who ?? Who.Nobody;
        if (context.User.IsInRole(Roles.Ingest))
        {
            // Checked first and alone: an ingest token is nobody's owner, coach or admin, and opens one door.
            return who.HasFlag(Who.Ingest) && context.GetRouteValue("userId") is string pushTo &&
                   context.User.FindFirstValue(ApiKeyAuthenticationHandler.IngestUserClaim) == pushTo
                ? null
                : Forbidden("An ingest token may only push data to its own person's ingest endpoint; it reads and changes nothing else.");
        }

        if (context.GetRouteValue("userId") is not string userId)
        {
            // An endpoint without a person in its route (creating users): admin or anyone, as declared.
            return who.HasFlag(Who.Anyone) || (who.HasFlag(Who.Admin) && context.User.IsInRole(Roles.Admin)) ? null : Forbidden("This endpoint is not open to this key.");
        }

        if (!UserId.IsValid(userId))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid user id", detail: UserId.Describe(userId));
        }

        var caller = context.User;
        if (caller.IsInRole(Roles.Admin))
        {
            return who.HasFlag(Who.Admin) ? null : Forbidden("The admin key manages accounts; it does not read a person's health data.");
        }

        if (caller.FindFirstValue(ApiKeyAuthenticationHandler.UserIdClaim) is not { } callerId)
        {
            return Forbidden("This API key belongs to another user; a key can only reach its own user's data.");
        }

        if (callerId == userId)
        {
            return who.HasFlag(Who.Owner) ? null : Forbidden("This endpoint is not open to this key.");
        }

        if (who.HasFlag(Who.Coach) && (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)) &&
            await context.RequestServices.GetRequiredService<IClusterClient>().GetGrain<IAccountGrain>(userId).HasCoachAsync(callerId))
        {
            context.Items[CoachItem] = callerId;
            return null;
        }

        return Forbidden("This API key belongs to another user; a key can only reach its own user's data, or an athlete's who granted it read access.");
    }

    /// <summary>The HttpContext item set when a coach is reading an athlete's data (for the audit).</summary>
    public const string CoachItem = "bio:coach";

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: detail);
}
