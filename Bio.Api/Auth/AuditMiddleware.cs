using System.Security.Claims;
using Bio.Core.Audit;
using Bio.Core.Users;

namespace Bio.Api.Auth;

/// <summary>
/// Writes an audit entry for every request to a person's route, allowed or refused, once the response
/// has gone out (so it costs the caller nothing): who, which key, what, the status, and what the
/// handler added (statement hash, rows). An erasure goes to the system's deletion log instead, so the
/// person's prefix stays empty.
/// </summary>
public static partial class AuditMiddleware
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
            var store = services.GetRequiredService<AuditStore>();
            var cluster = services.GetRequiredService<IClusterClient>();
            var logs = services.GetRequiredService<ILoggerFactory>();
            context.Response.OnCompleted(async () =>
            {
                var entry = Entry(context, userId, endpoint, at);
                try
                {
                    if (entry.Action == EraseAction && entry.Status == StatusCodes.Status200OK)
                    {
                        await store.AppendDeletionAsync(userId, entry);
                    }
                    else
                    {
                        var grain = cluster.GetGrain<IUserGrain>(userId);
                        await store.AppendAsync(userId, entry, async () => await grain.GetProfileAsync() is not null);
                    }
                }
                catch (Exception e) when (e is Azure.RequestFailedException or TimeoutException or OperationCanceledException)
                {
                    LogAuditFailed(logs.CreateLogger("Bio.Audit"), e, entry.Action);
                }
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
            : callerId == userId ? "owner"
            : context.Items.ContainsKey(UserAccess.CoachItem) ? $"coach:{callerId}"
            : $"user:{callerId}";
        var pattern = (endpoint as RouteEndpoint)?.RoutePattern.RawText?.TrimEnd('/') ?? context.Request.Path.Value ?? "";
        var detail = context.Items.TryGetValue(DetailItem, out var d) ? d as AuditDetail : null;
        return new AuditEntry(at, actor, user.FindFirstValue(ApiKeyAuthenticationHandler.KeyIdClaim), $"{context.Request.Method} {pattern}",
            context.Response.StatusCode, detail?.StatementSha256, detail?.Rows, detail?.Note);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "An audit entry for {Action} could not be written.")]
    private static partial void LogAuditFailed(ILogger logger, Exception exception, string action);
}
