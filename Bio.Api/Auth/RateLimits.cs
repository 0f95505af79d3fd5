using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Bio.Api.Auth;

/// <summary>Per-key request limits (configuration section <c>RateLimits</c>).</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Requests a key may make per minute, refilled evenly (a token bucket); bursts up to the same number.</summary>
    public int PermitsPerMinute { get; set; } = 600;

    /// <summary>The same for requests without a key, per client address.</summary>
    public int AnonymousPermitsPerMinute { get; set; } = 120;
}

/// <summary>
/// Each API key gets its own token bucket, so one runaway script slows only itself; over the limit the
/// answer is 429 with Retry-After and a sentence. Requests without a key share a bucket per address.
/// </summary>
public static class RateLimits
{
    public static IServiceCollection AddBioRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var key = context.User.FindFirstValue(ApiKeyAuthenticationHandler.KeyIdClaim) is { } keyId
                    ? $"key:{context.User.FindFirstValue(ApiKeyAuthenticationHandler.UserIdClaim) ?? context.User.FindFirstValue(ApiKeyAuthenticationHandler.IngestUserClaim)}:{keyId}"
                    : $"anon:{context.Connection.RemoteIpAddress}";
                var permits = key.StartsWith("key:", StringComparison.Ordinal) ? options.PermitsPerMinute : options.AnonymousPermitsPerMinute;
                return RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = permits,
                    TokensPerPeriod = Math.Max(1, permits / 60),
                    ReplenishmentPeriod = TimeSpan.FromSeconds(Math.Max(1, 60.0 / permits * Math.Max(1, permits / 60))),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (context, ct) =>
            {
                var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : 1;
                context.HttpContext.Response.Headers.RetryAfter = retry.ToString(CultureInfo.InvariantCulture);
                var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status429TooManyRequests, Title = "Too many requests",
                        Detail = $"This key has made more than {options.PermitsPerMinute} requests in a minute. Try again in {retry} s; other keys are not affected.",
                    },
                });
            };
        });
        return services;
    }
}
