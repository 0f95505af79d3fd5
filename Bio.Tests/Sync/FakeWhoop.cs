using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Bio.Tests.Sync;

/// <summary>
/// WHOOP's cloud as the developer documentation and FORMATS.md §2b describe it, on 127.0.0.1 in the test
/// process (Kestrel): a consent page that redirects with a code, the token endpoint (the code with its
/// PKCE verifier; refresh tokens that rotate, an old one refused with invalid_grant), and the v2
/// collections <c>cycle</c>, <c>recovery</c>, <c>activity/sleep</c> and <c>activity/workout</c> paged by
/// <c>limit</c> (at most 25) and <c>nextToken</c>, with real-shaped records for one night a day. Faults
/// are switched on by the test: 429 with Retry-After, 500s, every token revoked, a malformed page, a
/// revised score. Every call is counted with its time.
/// </summary>
public sealed class FakeWhoop : IAsyncDisposable
{
    public const string ClientId = "bio-test-client";
    public const string ClientSecret = "bio-test-secret";

    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, (string Challenge, string Redirect)> codes = new();
    private readonly ConcurrentDictionary<string, bool> access = new();
    private readonly ConcurrentDictionary<string, bool> refresh = new();
    private readonly ConcurrentDictionary<DateOnly, int> revisions = new();
    private int tooMany;
    private int failing;

    private FakeWhoop(WebApplication app) => this.app = app;

    public string BaseUrl { get; private set; } = "";

    /// <summary>The nights the cloud holds (the wake-up day of each), one recovery, sleep and cycle each.</summary>
    public List<DateOnly> Days { get; } = [];

    /// <summary>Every data and token call: when, the path (without the query) and the status answered.</summary>
    public ConcurrentQueue<(DateTimeOffset At, string Path, int Status)> Calls { get; } = new();

    /// <summary>Refresh tokens issued, in order (each one ends the one before).</summary>
    public ConcurrentQueue<string> IssuedRefreshTokens { get; } = new();

    /// <summary>The collection whose next page is not JSON (once).</summary>
    public string? MalformedOnce { get; set; }

    public static async Task<FakeWhoop> StartAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeWhoop(app);
        fake.Map();
        await app.StartAsync();
        fake.BaseUrl = app.Urls.Single().TrimEnd('/');
        return fake;
    }

    /// <summary>The settings that point a Bio at this cloud.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["Bio:Sync:Whoop:ApiBaseUrl"] = BaseUrl + "/developer",
        ["Bio:Sync:Whoop:AuthorizeUrl"] = BaseUrl + "/oauth/oauth2/auth",
        ["Bio:Sync:Whoop:TokenUrl"] = BaseUrl + "/oauth/oauth2/token",
        ["Bio:Sync:Whoop:ClientId"] = ClientId,
        ["Bio:Sync:Whoop:ClientSecret"] = ClientSecret,
    };

    /// <summary>The next <paramref name="count"/> data calls answer 429 with Retry-After: 1.</summary>
    public void TooManyRequests(int count) => Interlocked.Exchange(ref tooMany, count);

    /// <summary>The next <paramref name="count"/> data calls answer 500.</summary>
    public void Fail(int count) => Interlocked.Exchange(ref failing, count);

    /// <summary>Every access token stops working (as when it expires early); refresh tokens still work.</summary>
    public void ExpireAccessTokens() => access.Clear();

    /// <summary>Every token stops working: the person revoked Bio in WHOOP's app.</summary>
    public void RevokeAll()
    {
        access.Clear();
        refresh.Clear();
    }

    /// <summary>WHOOP re-scores the night of <paramref name="day"/> (its recovery changes, its updated_at moves on).</summary>
    public void Revise(DateOnly day) => revisions.AddOrUpdate(day, 1, (_, n) => n + 1);

    /// <summary>How many times the night of <paramref name="day"/> was re-scored.</summary>
    public int Revision(DateOnly day) => revisions.GetValueOrDefault(day);

    public static double Hrv(DateOnly day, int revision = 0) => Math.Round(45 + 12 * Math.Sin(day.DayNumber / 5.0) + revision * 7, 2);

    public static int Recovery(DateOnly day, int revision = 0) => Math.Clamp(55 + (int)(25 * Math.Sin(day.DayNumber / 5.0)) + revision * 9, 1, 99);

    public int DataCalls => Calls.Count(c => c.Path.StartsWith("/developer/", StringComparison.Ordinal));

    private void Map()
    {
        app.MapGet("/oauth/oauth2/auth", (HttpContext http) =>
        {
            var q = http.Request.Query;
            if (q["client_id"] != ClientId || q["response_type"] != "code" || q["code_challenge_method"] != "S256" || string.IsNullOrEmpty(q["code_challenge"]) ||
                string.IsNullOrEmpty(q["state"]) || !q["scope"].ToString().Split(' ').Contains("offline"))
            {
                return Results.BadRequest("bad authorize request");
            }

            var code = "code-" + Guid.NewGuid().ToString("N");
            codes[code] = (q["code_challenge"]!, q["redirect_uri"]!);
            return Results.Redirect($"{q["redirect_uri"]}?code={code}&state={Uri.EscapeDataString(q["state"]!)}&scope={Uri.EscapeDataString(q["scope"]!)}");
        });

        app.MapPost("/oauth/oauth2/token", async (HttpContext http) =>
        {
            var form = await http.Request.ReadFormAsync();
            IResult Refuse(string error)
            {
                Calls.Enqueue((TimeProvider.System.GetUtcNow(), "/oauth/oauth2/token", 400));
                return Results.Json(new { error }, statusCode: 400);
            }

            if (form["client_id"] != ClientId || form["client_secret"] != ClientSecret)
            {
                return Refuse("invalid_client");
            }

            switch (form["grant_type"].ToString())
            {
                case "authorization_code":
                    if (!codes.TryRemove(form["code"].ToString(), out var issued) || issued.Redirect != form["redirect_uri"] ||
                        Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString()))) != issued.Challenge)
                    {
                        return Refuse("invalid_grant");
                    }

                    break;
                case "refresh_token":
                    // Rotation: a refresh token works once; the new one replaces it.
                    if (!refresh.TryRemove(form["refresh_token"].ToString(), out _))
                    {
                        return Refuse("invalid_grant");
                    }

                    break;
                default:
                    return Refuse("unsupported_grant_type");
            }

            var (accessToken, refreshToken) = ("at-" + Guid.NewGuid().ToString("N"), "rt-" + Guid.NewGuid().ToString("N"));
            access[accessToken] = true;
            refresh[refreshToken] = true;
            IssuedRefreshTokens.Enqueue(refreshToken);
            Calls.Enqueue((TimeProvider.System.GetUtcNow(), "/oauth/oauth2/token", 200));
            return Results.Json(new { access_token = accessToken, refresh_token = refreshToken, expires_in = 3600, scope = "offline read:recovery read:cycles read:sleep read:workout", token_type = "bearer" });
        });

        app.MapGet("/developer/v2/{**collection}", (HttpContext http, string collection) =>
        {
            var path = "/developer/v2/" + collection;
            IResult Answer(int status, IResult result)
            {
                Calls.Enqueue((TimeProvider.System.GetUtcNow(), path, status));
                return result;
            }

            var bearer = http.Request.Headers.Authorization.ToString();
            if (!bearer.StartsWith("Bearer ", StringComparison.Ordinal) || !access.ContainsKey(bearer["Bearer ".Length..]))
            {
                return Answer(401, Results.Json(new { error = "unauthorized" }, statusCode: 401));
            }

            if (Interlocked.Decrement(ref tooMany) >= 0)
            {
                http.Response.Headers.RetryAfter = "1";
                return Answer(429, Results.StatusCode(429));
            }

            if (Interlocked.Decrement(ref failing) >= 0)
            {
                return Answer(500, Results.StatusCode(500));
            }

            if (MalformedOnce == collection)
            {
                MalformedOnce = null;
                return Answer(200, Results.Text("{\"records\": [{\"cycle_id\": 1, \"score\": ", "application/json"));
            }

            var q = http.Request.Query;
            var limit = int.TryParse(q["limit"], CultureInfo.InvariantCulture, out var l) ? l : 10;
            if (limit is < 1 or > 25 || !DateTimeOffset.TryParse(q["start"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var start) ||
                !DateTimeOffset.TryParse(q["end"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var end))
            {
                return Answer(400, Results.BadRequest("limit must be 1-25, start and end ISO times"));
            }

            // Newest first, as WHOOP pages them; the next token is the offset of the next page.
            var records = Days.Where(d => Wake(d) >= start && Wake(d) < end).OrderByDescending(d => d).Select(d => Record(collection, d)).Where(r => r is not null).ToList();
            var offset = int.TryParse(q["nextToken"], CultureInfo.InvariantCulture, out var o) ? o : 0;
            var page = records.Skip(offset).Take(limit).ToList();
            var next = offset + limit < records.Count ? (offset + limit).ToString(CultureInfo.InvariantCulture) : null;
            return Answer(200, Results.Json(new Dictionary<string, object?> { ["records"] = page, ["next_token"] = next }));
        });
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The night ends at 06:30 UTC on its wake-up day.</summary>
    private static DateTimeOffset Wake(DateOnly day) => new(day.ToDateTime(new TimeOnly(6, 30)), TimeSpan.Zero);

    private object? Record(string collection, DateOnly day)
    {
        var revision = revisions.GetValueOrDefault(day);
        var wake = Wake(day);
        var onset = wake.AddHours(-7.5);
        var cycleId = 90000 + day.DayNumber % 10000;
        var sleepId = $"00000000-0000-4000-8000-{day.DayNumber:D12}";
        string T(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        return collection switch
        {
            "recovery" => new
            {
                cycle_id = cycleId, sleep_id = sleepId, user_id = 10129, created_at = T(wake.AddMinutes(20)), updated_at = T(wake.AddMinutes(20 + revision)),
                score_state = "SCORED",
                score = new { user_calibrating = false, recovery_score = Recovery(day, revision), resting_heart_rate = 52 + day.DayNumber % 5, hrv_rmssd_milli = Hrv(day, revision), spo2_percentage = 96.1, skin_temp_celsius = 33.52 },
            },
            "activity/sleep" => new
            {
                id = sleepId, cycle_id = cycleId, v1_id = (object?)null, user_id = 10129, created_at = T(wake.AddMinutes(15)), updated_at = T(wake.AddMinutes(15)),
                start = T(onset), end = T(wake), timezone_offset = "+00:00", nap = false, score_state = "SCORED",
                score = new
                {
                    stage_summary = new
                    {
                        total_in_bed_time_milli = 27_000_000, total_awake_time_milli = 2_400_000, total_no_data_time_milli = 0, total_light_sleep_time_milli = 12_600_000,
                        total_slow_wave_sleep_time_milli = 5_400_000, total_rem_sleep_time_milli = 6_600_000, sleep_cycle_count = 4, disturbance_count = 11,
                    },
                    sleep_needed = new { baseline_milli = 28_800_000, need_from_sleep_debt_milli = 900_000, need_from_recent_strain_milli = 300_000, need_from_recent_nap_milli = 0 },
                    respiratory_rate = 15.4, sleep_performance_percentage = 86, sleep_consistency_percentage = 74, sleep_efficiency_percentage = 91.1,
                },
            },
            "cycle" => new
            {
                id = cycleId, user_id = 10129, created_at = T(onset), updated_at = T(wake.AddHours(17)), start = T(onset), end = T(onset.AddDays(1)), timezone_offset = "+00:00",
                score_state = "SCORED", score = new { strain = 9.8 + day.DayNumber % 4, kilojoule = 9_500.0, average_heart_rate = 64, max_heart_rate = 151 },
            },
            "activity/workout" => day.DayNumber % 3 == 0 ? null : new
            {
                id = $"10000000-0000-4000-8000-{day.DayNumber:D12}", v1_id = (object?)null, user_id = 10129, created_at = T(wake.AddHours(10)), updated_at = T(wake.AddHours(10)),
                start = T(wake.AddHours(9)), end = T(wake.AddHours(9).AddMinutes(45)), timezone_offset = "+00:00", sport_name = "running", sport_id = 0, score_state = "SCORED",
                score = new
                {
                    strain = 11.2, average_heart_rate = 148, max_heart_rate = 171, kilojoule = 2_100.0, percent_recorded = 100.0, distance_meter = 8_200.0, altitude_gain_meter = 40.0, altitude_change_meter = 2.0,
                    zone_durations = new { zone_zero_milli = 0, zone_one_milli = 300_000, zone_two_milli = 900_000, zone_three_milli = 1_200_000, zone_four_milli = 300_000, zone_five_milli = 0 },
                },
            },
            _ => null,
        };
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
