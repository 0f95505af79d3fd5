using System.Globalization;

namespace Bio.Core.Sync;

/// <summary>
/// A device cloud Bio pulls from: its public endpoints (overridable, <see cref="SyncOptions"/>), the
/// collections it reads and how one page of a collection is asked for and read (FORMATS.md §1c, §2b).
/// Each page goes to bronze as it came and is imported by the same JSON importer as an uploaded page.
/// </summary>
public sealed record SyncProvider(
    string Id, string Name, ProviderOptions Defaults, IReadOnlyList<string> Collections, string ItemsProperty, string NextTokenProperty,
    Func<string, DateOnly, DateOnly, string?, string> PagePath, string? RevokeAccessPath = null)
{
    /// <summary>The bronze file name of a fetched page: says where it came from, ends in .json for the detector.</summary>
    public string PageFileName(string collection, DateOnly from, DateOnly to, int page) =>
        string.Create(CultureInfo.InvariantCulture, $"{Id}-sync-{collection.Replace('/', '-')}-{from:yyyyMMdd}-{to:yyyyMMdd}-p{page}.json");
}

/// <summary>The providers Bio syncs with, in one place.</summary>
public static class SyncProviders
{
    public const string Oura = "oura";
    public const string Whoop = "whoop";

    /// <summary>
    /// Oura API v2: <c>GET /v2/usercollection/{type}?start_date=&amp;end_date=&amp;next_token=</c>, pages
    /// <c>{"data":[…],"next_token":…}</c>; OAuth at cloud.ouraring.com / api.ouraring.com.
    /// </summary>
    public static readonly SyncProvider OuraProvider = new(
        Oura, "Oura",
        new ProviderOptions
        {
            ApiBaseUrl = "https://api.ouraring.com",
            AuthorizeUrl = "https://cloud.ouraring.com/oauth/authorize",
            TokenUrl = "https://api.ouraring.com/oauth/token",
            RevokeUrl = "https://api.ouraring.com/oauth/revoke",
            Scopes = "personal daily heartrate workout spo2",
            CallsPerWindow = 4500, RateWindow = TimeSpan.FromMinutes(5),
        },
        ["sleep", "daily_readiness", "daily_sleep", "daily_activity", "daily_spo2", "workout"],
        "data", "next_token",
        (collection, from, to, next) => string.Create(CultureInfo.InvariantCulture,
            $"/v2/usercollection/{collection}?start_date={from:yyyy-MM-dd}&end_date={to:yyyy-MM-dd}") + (next is null ? "" : "&next_token=" + Uri.EscapeDataString(next)));

    /// <summary>
    /// WHOOP API v2: <c>GET /v2/{collection}?start=&amp;end=&amp;limit=25&amp;nextToken=</c>, pages
    /// <c>{"records":[…],"next_token":…}</c>; the <c>offline</c> scope gives a refresh token, which rotates.
    /// </summary>
    public static readonly SyncProvider WhoopProvider = new(
        Whoop, "WHOOP",
        new ProviderOptions
        {
            ApiBaseUrl = "https://api.prod.whoop.com/developer",
            AuthorizeUrl = "https://api.prod.whoop.com/oauth/oauth2/auth",
            TokenUrl = "https://api.prod.whoop.com/oauth/oauth2/token",
            RevokeUrl = null,
            Scopes = "offline read:recovery read:cycles read:sleep read:workout read:profile",
            CallsPerWindow = 90, RateWindow = TimeSpan.FromMinutes(1),
        },
        ["cycle", "recovery", "activity/sleep", "activity/workout"],
        "records", "next_token",
        (collection, from, to, next) => string.Create(CultureInfo.InvariantCulture,
            $"/v2/{collection}?start={from:yyyy-MM-dd}T00:00:00.000Z&end={to.AddDays(1):yyyy-MM-dd}T00:00:00.000Z&limit=25") + (next is null ? "" : "&nextToken=" + Uri.EscapeDataString(next)),
        RevokeAccessPath: "/v2/user/access");

    public static readonly IReadOnlyList<SyncProvider> All = [OuraProvider, WhoopProvider];

    public static bool IsKnown(string? id) => id is Oura or Whoop;

    public static SyncProvider Get(string id) => id switch
    {
        Oura => OuraProvider,
        Whoop => WhoopProvider,
        _ => throw new ArgumentException($"Unknown provider '{id}': Bio syncs with {string.Join(" and ", All.Select(p => p.Id))}.", nameof(id)),
    };
}

/// <summary>
/// The windows a sync asks for: whole calendar months (the last one to its end, though the days after
/// today are empty). Pages of a month that has not changed are byte for byte the same at every sync, so
/// they are the same bronze object and nothing is imported again; only a month with new or revised days
/// is imported.
/// </summary>
public static class SyncWindows
{
    public static IEnumerable<(DateOnly From, DateOnly To)> Months(DateOnly from, DateOnly to)
    {
        for (var month = new DateOnly(from.Year, from.Month, 1); month <= to; month = month.AddMonths(1))
        {
            yield return (month, month.AddMonths(1).AddDays(-1));
        }
    }
}
