using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Bio.FakeClouds;

/// <summary>
/// A device cloud on 127.0.0.1 in the test process (Kestrel), as its developer documentation describes
/// it: a consent page that redirects with a code, the token endpoint (the code with its PKCE verifier;
/// refresh tokens that rotate, an old one refused with invalid_grant) and the provider's data
/// collections (<see cref="MapData"/>), with real-shaped records for one night a day. Faults are switched
/// on by the test: 429 with Retry-After, 500s, every token revoked, a malformed page, a revised score.
/// Every call is counted with its time and status.
/// </summary>
public abstract class FakeCloud : IAsyncDisposable
{
    public const string ClientId = "bio-test-client";
    public const string ClientSecret = "bio-test-secret";

    private WebApplication app = null!;
    private readonly ConcurrentDictionary<string, (string Challenge, string Redirect)> codes = new();
    private readonly ConcurrentDictionary<string, bool> access = new();
    private readonly ConcurrentDictionary<string, bool> refresh = new();
    private readonly ConcurrentDictionary<DateOnly, int> revisions = new();
    private int tooMany;
    private int failing;
    private int dataCalls;
    private int holdAfter = int.MaxValue;
    private int held;
    private TaskCompletionSource hold = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string BaseUrl { get; private set; } = "";

    /// <summary>The nights the cloud holds (the wake-up day of each).</summary>
    public List<DateOnly> Days { get; } = [];

    /// <summary>Every data and token call: when, the path (without the query) and the status answered.</summary>
    public ConcurrentQueue<(DateTimeOffset At, string Path, int Status)> Calls { get; } = new();

    /// <summary>Refresh tokens issued, in order (each one ends the one before).</summary>
    public ConcurrentQueue<string> IssuedRefreshTokens { get; } = new();

    /// <summary>The collection whose next page is not JSON (once).</summary>
    public string? MalformedOnce { get; set; }

    /// <summary>The configuration section of the provider (<c>Bio:Sync:{Section}</c>).</summary>
    protected abstract string Section { get; }

    protected abstract string AuthorizePath { get; }

    protected abstract string TokenPath { get; }

    /// <summary>The API's base path (what <c>ApiBaseUrl</c> adds to the host).</summary>
    protected abstract string ApiPath { get; }

    /// <summary>A scope the consent must ask for (WHOOP's offline), or null.</summary>
    protected virtual string? RequiredScope => null;

    /// <summary>Maps the provider's data endpoints (and its revocation, if any).</summary>
    protected abstract void MapData(WebApplication app);

    protected static async Task<T> StartAsync<T>(T fake) where T : FakeCloud
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        fake.app = builder.Build();
        fake.MapOAuth();
        fake.MapData(fake.app);
        await fake.app.StartAsync();
        fake.BaseUrl = fake.app.Urls.Single().TrimEnd('/');
        return fake;
    }

    /// <summary>The settings that point a Bio at this cloud.</summary>
    public virtual Dictionary<string, string?> Settings() => new()
    {
        [$"Bio:Sync:{Section}:ApiBaseUrl"] = BaseUrl + ApiPath,
        [$"Bio:Sync:{Section}:AuthorizeUrl"] = BaseUrl + AuthorizePath,
        [$"Bio:Sync:{Section}:TokenUrl"] = BaseUrl + TokenPath,
        [$"Bio:Sync:{Section}:ClientId"] = ClientId,
        [$"Bio:Sync:{Section}:ClientSecret"] = ClientSecret,
        // A budget the tests do not wait on, unless a test sets its own.
        [$"Bio:Sync:{Section}:CallsPerWindow"] = "1000",
        [$"Bio:Sync:{Section}:RateWindow"] = "00:00:01",
    };

    /// <summary>Data calls after the next <paramref name="count"/> wait, unanswered, until <see cref="Release"/> (a sync caught mid-run).</summary>
    public void HoldAfter(int count) => Interlocked.Exchange(ref holdAfter, Volatile.Read(ref dataCalls) + count);

    /// <summary>How many data calls are waiting on <see cref="HoldAfter"/>.</summary>
    public int Held => Volatile.Read(ref held);

    /// <summary>Answers the held calls and every call after them.</summary>
    public void Release()
    {
        Interlocked.Exchange(ref holdAfter, int.MaxValue);
        hold.TrySetResult();
    }

    /// <summary>Waits while the cloud holds its data calls (<see cref="HoldAfter"/>).</summary>
    protected async Task HoldAsync()
    {
        if (Interlocked.Increment(ref dataCalls) > Volatile.Read(ref holdAfter))
        {
            Interlocked.Increment(ref held);
            await hold.Task;
        }
    }

    /// <summary>The next <paramref name="count"/> data calls answer 429 with Retry-After: 1.</summary>
    public void TooManyRequests(int count) => Interlocked.Exchange(ref tooMany, count);

    /// <summary>The next <paramref name="count"/> data calls answer 500.</summary>
    public void Fail(int count) => Interlocked.Exchange(ref failing, count);

    /// <summary>Every access token stops working (as when it expires early); refresh tokens still work.</summary>
    public void ExpireAccessTokens() => access.Clear();

    /// <summary>Every token stops working: the person revoked Bio in the provider's app.</summary>
    public void RevokeAll()
    {
        access.Clear();
        refresh.Clear();
    }

    /// <summary>The provider re-scores the night of <paramref name="day"/>.</summary>
    public void Revise(DateOnly day) => revisions.AddOrUpdate(day, 1, (_, n) => n + 1);

    /// <summary>How many times the night of <paramref name="day"/> was re-scored.</summary>
    public int Revision(DateOnly day) => revisions.GetValueOrDefault(day);

    public static double Hrv(DateOnly day, int revision = 0) => Math.Round(45 + 12 * Math.Sin(day.DayNumber / 5.0) + revision * 7, 2);

    public static int Recovery(DateOnly day, int revision = 0) => Math.Clamp(55 + (int)(25 * Math.Sin(day.DayNumber / 5.0)) + revision * 9, 1, 99);

    public int DataCalls => Calls.Count(c => c.Path.StartsWith(ApiPath + "/", StringComparison.Ordinal));

    protected void Record(string path, int status) => Calls.Enqueue((TimeProvider.System.GetUtcNow(), path, status));

    protected bool Authorized(HttpContext http) =>
        http.Request.Headers.Authorization.ToString() is var bearer && bearer.StartsWith("Bearer ", StringComparison.Ordinal) && access.ContainsKey(bearer["Bearer ".Length..]);

    /// <summary>The faults a data call meets before its answer (401, 429, 500, a malformed page), or null to answer it.</summary>
    protected IResult? Fault(HttpContext http, string path, string collection)
    {
        if (!Authorized(http))
        {
            Record(path, 401);
            return Results.Json(new { error = "unauthorized" }, statusCode: 401);
        }

        if (Interlocked.Decrement(ref tooMany) >= 0)
        {
            http.Response.Headers.RetryAfter = "1";
            Record(path, 429);
            return Results.StatusCode(429);
        }

        if (Interlocked.Decrement(ref failing) >= 0)
        {
            Record(path, 500);
            return Results.StatusCode(500);
        }

        if (MalformedOnce == collection)
        {
            MalformedOnce = null;
            Record(path, 200);
            return Results.Text("{\"data\": [{\"day\": ", "application/json");
        }

        return null;
    }

    private void MapOAuth()
    {
        app.MapGet(AuthorizePath, (HttpContext http) =>
        {
            var q = http.Request.Query;
            if (q["client_id"] != ClientId || q["response_type"] != "code" || q["code_challenge_method"] != "S256" || string.IsNullOrEmpty(q["code_challenge"]) ||
                string.IsNullOrEmpty(q["state"]) || (RequiredScope is { } scope && !q["scope"].ToString().Split(' ').Contains(scope)))
            {
                return Results.BadRequest("bad authorize request");
            }

            var code = "code-" + Guid.NewGuid().ToString("N");
            codes[code] = (q["code_challenge"]!, q["redirect_uri"]!);
            return Results.Redirect($"{q["redirect_uri"]}?code={code}&state={Uri.EscapeDataString(q["state"]!)}&scope={Uri.EscapeDataString(q["scope"]!)}");
        });

        app.MapPost(TokenPath, async (HttpContext http) =>
        {
            var form = await http.Request.ReadFormAsync();
            IResult Refuse(string error)
            {
                Record(TokenPath, 400);
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
            Record(TokenPath, 200);
            return Results.Json(new { access_token = accessToken, refresh_token = refreshToken, expires_in = 3600, scope = form["scope"].ToString(), token_type = "bearer" });
        });
    }

    /// <summary>Ends one access token and every refresh token (a revocation by the app).</summary>
    protected bool RevokeToken(string token)
    {
        var known = access.TryRemove(token, out _) | refresh.TryRemove(token, out _);
        if (known)
        {
            RevokeAll();
        }

        return known;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
