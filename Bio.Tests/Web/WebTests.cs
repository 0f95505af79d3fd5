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
