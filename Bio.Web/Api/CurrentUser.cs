using System.Security.Claims;

namespace Bio.Web.Api;

/// <summary>
/// The signed-in person of this request, from the session cookie: their id and, for calls, a
/// <see cref="UserApi"/> bound to their own id and key. Null when nobody is signed in. Their "today"
/// comes from the people's clock (<see cref="Clock"/>), apart from the clock sign-in cookies expire by.
/// </summary>
public sealed class CurrentUser(IHttpContextAccessor context, BioApiClient api, [FromKeyedServices(CurrentUser.Clock)] TimeProvider time)
{
    /// <summary>The service key of the clock the dashboard's dates come from (tests set it to any day).</summary>
    public const string Clock = "user-clock";

    private UserApi? cached;

    public string? Id => context.HttpContext?.User.FindFirstValue(AccountEndpoints.UserIdClaim);

    public string? DisplayName => context.HttpContext?.User.Identity?.Name;

    public UserApi? Api
    {
        get
        {
            if (cached is null && context.HttpContext?.User is { } user &&
                user.FindFirstValue(AccountEndpoints.UserIdClaim) is { } id && user.FindFirstValue(AccountEndpoints.ApiKeyClaim) is { } key)
            {
                cached = api.For(id, key);
            }

            return cached;
        }
    }

    /// <summary>The key's id (the middle part of <c>bio_{user}_{keyId}_{secret}</c>), never the secret.</summary>
    public string? KeyId => context.HttpContext?.User.FindFirstValue(AccountEndpoints.ApiKeyClaim)?.Split('_') is { Length: 4 } parts ? parts[2] : null;

    /// <summary>The person's local today, from their time zone.</summary>
    public DateOnly Today(string timeZone) => DateOnly.FromDateTime(Local(time.GetUtcNow(), timeZone).DateTime);

    /// <summary>A moment on the person's own clock.</summary>
    public static DateTimeOffset Local(DateTimeOffset at, string timeZone) =>
        TimeZoneInfo.ConvertTime(at, TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var z) ? z : TimeZoneInfo.Utc);

    /// <summary>
    /// A day named from the person's today: "today", "yesterday", "tomorrow", else the weekday and date
    /// ("Friday 4 December"), so a forecast for this morning is never called tomorrow's.
    /// </summary>
    public static string Relative(DateOnly day, DateOnly today) =>
        day == today ? "today" : day == today.AddDays(-1) ? "yesterday" : day == today.AddDays(1) ? "tomorrow" : day.ToString("dddd d MMMM", System.Globalization.CultureInfo.InvariantCulture);
}
