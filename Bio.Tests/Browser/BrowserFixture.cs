using Bio.FakeClouds;
using Bio.Tests.Api;
using Bio.Tests.Infrastructure;
using Bio.Web.Api;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Playwright;

namespace Bio.Tests.Browser;

/// <summary>
/// The app as a person reaches it: Bio.Web on a real Kestrel port on 127.0.0.1, talking to Bio.Api (in
/// process) and a real silo on Azurite, driven by Playwright in Debian's Chromium (headless). A demo
/// user with two years of synthetic data is made as the AppHost makes it. Screenshots go to
/// <c>artifacts/browser/</c> at the repository root.
/// </summary>
public sealed class BrowserFixture(AzuriteFixture azurite) : IAsyncLifetime
{
    /// <summary>Debian's Chromium (installed by .ci/run), or BIO_CHROMIUM.</summary>
    public static string ChromiumPath => Environment.GetEnvironmentVariable("BIO_CHROMIUM") is { Length: > 0 } p ? p : "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"];

    private WebApplicationFactory<BioApiClient> web = null!;
    private IPlaywright playwright = null!;

    public ApiFixture Api { get; } = new(azurite);

    /// <summary>WHOOP's cloud on loopback: the dashboard's connect button leads to its consent page, which comes back through the dashboard.</summary>
    public FakeWhoop Whoop { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl { get; private set; } = "";

    public (string Id, string Key) Demo { get; private set; }

    public static string Artifacts { get; } = Path.Combine(RepoRoot(), "artifacts", "browser");

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"The browser tests need Chromium at {ChromiumPath}: on Debian `apt-get install -y chromium` (as root; .ci/run does it), or set BIO_CHROMIUM to a Chromium or Chrome binary.");
        }

        Directory.CreateDirectory(Artifacts);
        // The dashboard's port is chosen first: the consent comes back to it, and it is where Bio.Api sends the browser after.
        var port = Ports.Free();
        Whoop = await FakeWhoop.StartAsync();
        var today = DateOnly.FromDateTime(TestCluster.Now.UtcDateTime);
        Whoop.Days.AddRange(Enumerable.Range(0, 30).Select(i => today.AddDays(-i)));
        foreach (var (key, value) in Whoop.Settings())
        {
            Api.Extra[key] = value;
        }

        Api.Extra["Bio:Sync:CallbackBaseUrl"] = $"http://127.0.0.1:{port}";
        Api.Extra["Bio:Sync:DashboardUrl"] = $"http://127.0.0.1:{port}/settings";
        await Api.InitializeAsync();
        web = new WebApplicationFactory<BioApiClient>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Development");
            b.UseSetting("Bio:ApiBaseUrl", "http://api.invalid");
            b.ConfigureServices(services =>
            {
                services.AddHttpClient<BioApiClient>().ConfigurePrimaryHttpMessageHandler(() => Api.Factory.Server.CreateHandler());
                services.Replace(ServiceDescriptor.KeyedSingleton<TimeProvider>(CurrentUser.Clock, Api.Clock));
            });
        });
        web.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, port));
        web.StartServer();
        var address = web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUrl = address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');

        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true, Args = ChromiumArgs });

        // The demo user, as the AppHost seeds it: two years of synthetic data ending yesterday.
        Demo = await Api.CreateUserAsync("Demo", "Europe/Berlin");
        using var client = Api.Client(Demo.Key);
        (await client.PostAsync($"/api/users/{Demo.Id}/synthetic?days=730&seed=1", null)).EnsureSuccessStatusCode();
    }

    /// <summary>A fresh browser context (its own cookies) and page, at phone or desktop size, light or dark.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900, ColorScheme scheme = ColorScheme.Light, bool touch = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl, ViewportSize = new ViewportSize { Width = width, Height = height }, ColorScheme = scheme, AcceptDownloads = true, HasTouch = touch,
        });
        context.SetDefaultTimeout(60_000);
        return await context.NewPageAsync();
    }

    public async Task<IPage> SignedInPageAsync(string key, int width = 1280, int height = 900, ColorScheme scheme = ColorScheme.Light, bool touch = false)
    {
        var page = await NewPageAsync(width, height, scheme, touch);
        await page.GotoAsync("/signin");
        await page.FillAsync("#apiKey", key);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(BaseUrl + "/");
        return page;
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts, name + ".png"), FullPage = true });

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        if (Whoop is not null)
        {
            await Whoop.DisposeAsync();
        }

        if (web is not null)
        {
            await web.DisposeAsync();
        }

        await Api.DisposeAsync();
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Bio.sln")))
            {
                return dir.FullName;
            }
        }

        return Path.GetTempPath();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
