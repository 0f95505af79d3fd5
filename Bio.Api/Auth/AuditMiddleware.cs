using System.Security.Claims;
using Bio.Core.Audit;
using Bio.Core.Users;

namespace Bio.Api.Auth;

/// <summary>
/// Makes an audit entry for every request to a person's route, allowed or refused, once the response
/// has gone out (so it costs the caller nothing), and hands it to the <see cref="AuditWriter"/>: who,
/// which key, what, the status, and what the handler added (statement hash, rows). An erasure goes to
/// the system's deletion log instead, so the person's prefix stays empty.
/// </summary>
public static class AuditMiddleware
{
    public const string DetailItem = "bio:audit";

    /// <summary>Adds the statement hash, row count or a note to this request's audit entry.</summary>
    public static void Audit(this HttpContext context, AuditDetail detail) => context.Items[DetailItem] = detail;

    public static IApplicationBuilder UseAudit(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var endpoint = context.GetEndpoint();
            if (endpoint?.Metadata.GetMetadata<AccessMetadata>() is null || context.GetRouteValue("userId") is not string userId || !UserId.IsValid(userId))
            {
                await next(context);
                return;
            }

            // Resolved now: the request's service scope may be gone by the time the response has.
            var services = context.RequestServices;
            var at = services.GetRequiredService<TimeProvider>().GetUtcNow();
            var writer = services.GetRequiredService<AuditWriter>();
            context.Response.OnCompleted(async () =>
            {
                var entry = Entry(context, userId, endpoint, at);
                await writer.EnqueueAsync(userId, entry, erasure: entry.Action == EraseAction && entry.Status == StatusCodes.Status200OK);
            });
            await next(context);
        });

    public const string EraseAction = "DELETE /api/users/{userId}";

    private static AuditEntry Entry(HttpContext context, string userId, Endpoint endpoint, DateTimeOffset at)
    {
        var user = context.User;
        var callerId = user.FindFirstValue(ApiKeyAuthenticationHandler.UserIdClaim);
        var actor = user.Identity?.IsAuthenticated != true ? "anonymous"
            : user.IsInRole(Roles.Admin) ? "admin"
            : user.IsInRole(Roles.Ingest) ? (user.FindFirstValue(ApiKeyAuthenticationHandler.IngestUserClaim) == userId ? "ingest-token" : $"ingest-token:{user.FindFirstValue(ApiKeyAuthenticationHandler.IngestUserClaim)}")
            : callerId == userId ? "owner"
            : context.Items.ContainsKey(UserAccess.CoachItem) ? $"coach:{callerId}"
            : $"user:{callerId}";
        var pattern = (endpoint as RouteEndpoint)?.RoutePattern.RawText?.TrimEnd('/') ?? context.Request.Path.Value ?? "";
        var detail = context.Items.TryGetValue(DetailItem, out var d) ? d as AuditDetail : null;
        return new AuditEntry(at, actor, user.FindFirstValue(ApiKeyAuthenticationHandler.KeyIdClaim), $"{context.Request.Method} {pattern}",
            context.Response.StatusCode, detail?.StatementSha256, detail?.Rows, detail?.Note);
    }

}
