using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Bio.Tests.Api;
using Bio.Tests.Infrastructure;
using Bio.Web.Api;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bio.Tests.Web;

/// <summary>Bio.Web in-process, talking to the in-process Bio.Api (and its real silo) over HTTP.</summary>
[Collection(ApiCollection.Name)]
public sealed partial class WebTests(ApiFixture api) : IAsyncLifetime
{
    private WebApplicationFactory<BioApiClient> web = null!;

    public ValueTask InitializeAsync()
    {
        web = new WebApplicationFactory<BioApiClient>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Development");
            b.UseSetting("Bio:ApiBaseUrl", "http://localhost");
            b.ConfigureServices(services =>
            {
                services.AddHttpClient<BioApiClient>().ConfigurePrimaryHttpMessageHandler(() => api.Factory.Server.CreateHandler());
                services.Replace(ServiceDescriptor.KeyedSingleton<TimeProvider>(CurrentUser.Clock, api.Clock));
            });
        });
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => web.DisposeAsync();

    private HttpClient Browser() => web.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    [Fact]
    public async Task TheDashboardSendsAStrangerToSignIn()
    {
        using var browser = Browser();
        using var response = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/signin", response.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SigningInWithAKeyShowsThatPersonsProfile()
    {
        var (id, key) = await api.CreateUserAsync("Ada Lovelace", "Europe/London");
        using var browser = Browser();

        using var signedIn = await SignInAsync(browser, key);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/", signedIn.Headers.Location?.OriginalString);

        var page = await browser.GetStringAsync("/");
        Assert.Contains("Ada Lovelace", page, StringComparison.Ordinal);
        Assert.Contains($"data-testid=\"user-id\">{id}<", page, StringComparison.Ordinal);
        Assert.Contains("Europe/London", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TodayShowsTheLastDaysOfDataOnceThereIsSome()
    {
        var (id, key) = await api.CreateUserAsync("Dana", "Europe/Berlin");
        using var browser = Browser();
        (await SignInAsync(browser, key)).Dispose();
        Assert.Contains("No data yet", await browser.GetStringAsync("/"), StringComparison.Ordinal);

        using (var client = api.Client(key))
        {
            (await client.PostAsync($"/api/users/{id}/synthetic?days=30&seed=5", null)).EnsureSuccessStatusCode();
        }

        var page = await browser.GetStringAsync("/");
        Assert.Contains("Your last 7 days", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"latest-day\"", page, StringComparison.Ordinal);
        Assert.Contains("from synthetic", page, StringComparison.Ordinal);

        // The day's status: readiness, HRV status, risk and the recommended intensity with its reason.
        Assert.Contains("data-testid=\"status\"", page, StringComparison.Ordinal);
        Assert.Matches("data-testid=\"readiness\">\\d+<", page);
        Assert.Matches("data-testid=\"hrv-status\">(below|within|above|insufficient data)<", page);
        Assert.Matches("data-testid=\"risk\">(low|moderate|high)<", page);
        Assert.Matches("data-testid=\"recommendation\">(rest|easy|moderate|hard)<", page);
        Assert.Contains("What went into readiness", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TodayAndTrendsShowOurasReadinessContributorsAndWhoopsSleepNeedUnderTheDevicesNames()
    {
        var (oura, ouraKey) = await api.CreateUserAsync("Olli", "Europe/Berlin");
        await api.ImportFixturesAsync(oura, ouraKey, "oura/oura_sleep_2024-07-13T09-46-08.csv", "oura/oura_daily-readiness_2024-07-13T09-46-08.csv");
        using (var browser = Browser())
        {
            (await SignInAsync(browser, ouraKey)).Dispose();
            var today = await browser.GetStringAsync("/");
            // 12 July: "Oura readiness 79" with its contributors as Oura names them.
            Assert.Matches("data-testid=\"device-score-label\">Oura readiness</div>\\s*<div[^>]*data-testid=\"device-score-value\">79<", today);
            Assert.Contains("<span>HRV balance</span> <strong class=\"number\">60</strong>", today, StringComparison.Ordinal);
            Assert.Contains("<span>Body temperature</span> <strong class=\"number\">95</strong>", today, StringComparison.Ordinal);
            Assert.Contains("<span>Recovery index</span> <strong class=\"number\">90</strong>", today, StringComparison.Ordinal);
            var trends = await browser.GetStringAsync("/trends?range=all");
            Assert.Contains("data-testid=\"chart-readiness-contributors\"", trends, StringComparison.Ordinal);
            Assert.Contains("Oura readiness contributors", trends, StringComparison.Ordinal);
            Assert.DoesNotContain("data-testid=\"chart-sleep-need\"", trends, StringComparison.Ordinal);
        }

        var (whoop, whoopKey) = await api.CreateUserAsync("Wren", "America/Los_Angeles");
        await api.ImportFixturesAsync(whoop, whoopKey, "whoop/my_whoop_data_2024_11_05.zip");
        using (var browser = Browser())
        {
            (await SignInAsync(browser, whoopKey)).Dispose();
            var today = await browser.GetStringAsync("/");
            // 5 November: WHOOP's sleep need of 480 minutes with the 12 owed from earlier nights.
            Assert.Matches("data-testid=\"device-score-label\">WHOOP sleep need</div>\\s*<div[^>]*data-testid=\"device-score-value\">8 h<", today);
            Assert.Contains("<span>sleep debt</span> <strong class=\"number\">12 min</strong>", today, StringComparison.Ordinal);
            Assert.DoesNotContain("WHOOP sleep debt", today, StringComparison.Ordinal); // inside the need's tile, not a tile of its own
            var trends = await browser.GetStringAsync("/trends?range=all");
            Assert.Contains("data-testid=\"chart-sleep-need\"", trends, StringComparison.Ordinal);
            Assert.Contains("WHOOP sleep need and debt", trends, StringComparison.Ordinal);
            Assert.DoesNotContain("data-testid=\"chart-readiness-contributors\"", trends, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(CalendarDates.All), MemberType = typeof(CalendarDates))]
    public async Task TodayIsThePersonsOwnDayAtEveryDate(string now, string timeZone)
    {
        var at = CalendarDates.Instant(now);
        using var clock = api.Clock.At(at);
        var today = CalendarDates.LocalDate(at, timeZone);
        var (id, key) = await api.CreateUserAsync("Tess", timeZone);
        using (var client = api.Client(key))
        {
            (await client.PostAsync($"/api/users/{id}/synthetic?days=30&seed=6", null)).EnsureSuccessStatusCode();
            (await client.PostAsJsonAsync($"/api/users/{id}/journal", new { date = today.AddDays(-2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), text = "Stressful day" })).EnsureSuccessStatusCode();
        }

        using var browser = Browser();
        (await SignInAsync(browser, key)).Dispose();
        var page = await browser.GetStringAsync("/");
        // Yesterday's data is today's status, not stale; the journal is the local today's, with the week's earlier entry.
        Assert.Contains($"Journal for {today.ToString("dddd d MMMM", CultureInfo.CurrentCulture)}", page, StringComparison.Ordinal);
        Assert.Contains($"data-testid=\"latest-day\">{today.AddDays(-1):yyyy-MM-dd}<", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"stale\"", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"not-arrived\"", page, StringComparison.Ordinal); // and says that this morning's has not come yet
        Assert.Contains("data-testid=\"journal-earlier\"", page, StringComparison.Ordinal);

        // Two days on without a sync: the status says its data is old, and the journal is the new day's.
        api.Clock.Set(at.AddDays(2));
        page = await browser.GetStringAsync("/");
        Assert.Contains($"Journal for {today.AddDays(2).ToString("dddd d MMMM", CultureInfo.CurrentCulture)}", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"stale\"", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not a key", "format")]
    [InlineData("bio_ghost_0123456789ab_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "rejected")]
    [InlineData("bio_ghost_0123456789ab", "incomplete")]
    public async Task ARejectedKeyReturnsToSignInWithAReason(string key, string reason)
    {
        using var browser = Browser();
        using var response = await SignInAsync(browser, key);
        Assert.Equal($"/signin?error={reason}", response.Headers.Location?.OriginalString);

        var page = await browser.GetStringAsync($"/signin?error={reason}");
        Assert.Contains("role=\"alert\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task SigningInWithoutTheFormsAntiforgeryTokenIsRefused()
    {
        var (_, key) = await api.CreateUserAsync();
        using var browser = Browser();
        using var response = await browser.PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string> { ["apiKey"] = key }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task SigningOutEndsTheSession()
    {
        var (_, key) = await api.CreateUserAsync();
        using var browser = Browser();
        (await SignInAsync(browser, key)).Dispose();
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);

        var token = Token(await browser.GetStringAsync("/"));
        using var signOut = await browser.PostAsync("/account/signout",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task TheWebAppIsHealthyWhenTheApiAnswers()
    {
        using var browser = Browser();
        Assert.Equal("Healthy", await browser.GetStringAsync("/health"));
    }

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string key)
    {
        var token = Token(await browser.GetStringAsync("/signin"));
        return await browser.PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["apiKey"] = key,
            ["__RequestVerificationToken"] = token,
        }));
    }

    private static string Token(string html) =>
        AntiforgeryInput().Match(html) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("No antiforgery token in the page.");

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryInput();
}
