using Bio.FakeClouds;
using Bio.Tests.Infrastructure;
using Bio.Tests.Sync;
using Microsoft.Playwright;

namespace Bio.Tests.Browser;

/// <summary>
/// Connecting WHOOP from the dashboard as a person does, in Chromium: Settings → Connect → WHOOP's consent
/// page (a fake WHOOP cloud on loopback) → back through the dashboard → "WHOOP connected" → the backfill
/// → this morning's WHOOP recovery on Today. Then WHOOP revokes Bio, and Today says to reconnect.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ConnectionsBrowserTests(BrowserFixture fixture)
{
    [Fact]
    public async Task ConnectingWhoopFromSettingsBringsThisMorningsRecoveryToToday()
    {
        var (id, key) = await fixture.Api.CreateUserAsync("Connector", "UTC");
        var page = await fixture.SignedInPageAsync(key);
        await page.GotoAsync("/settings");
        var row = page.Locator("[data-testid=connection-whoop]");
        Assert.Equal("Not connected", (await row.Locator("[data-testid=connection-state]").InnerTextAsync()).Trim());
        Assert.Contains("Not set up on this Bio", await page.Locator("[data-testid=connection-oura]").InnerTextAsync(), StringComparison.Ordinal);

        // Connect: WHOOP's consent page grants at once and sends the browser back; the dashboard says so.
        await row.Locator("[data-testid=connect]").ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(fixture.BaseUrl + "/settings?", StringComparison.Ordinal) && url.Contains("connected=1", StringComparison.Ordinal));
        Assert.Contains("WHOOP connected", await page.Locator("[data-testid=connection-done]").InnerTextAsync(), StringComparison.Ordinal);
        await BrowserFixture.ScreenshotAsync(page, "connections-connected");

        // The backfill runs right after; the row shows its sync when it is done.
        await Poll.UntilAsync(async () =>
        {
            await page.GotoAsync("/settings");
            return (await row.InnerTextAsync()).Contains("data through", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(90), "the first WHOOP sync");
        Assert.StartsWith("Connected since", (await row.Locator("[data-testid=connection-state]").InnerTextAsync()).Trim(), StringComparison.Ordinal);

        // Today: this morning's WHOOP recovery, as WHOOP scored it.
        await page.GotoAsync("/");
        var today = DateOnly.FromDateTime(TestCluster.Now.UtcDateTime);
        var recovery = page.Locator("[data-testid=device-score]").Filter(new() { HasText = "WHOOP recovery" });
        Assert.Equal($"{FakeWhoop.Recovery(today, fixture.Whoop.Revision(today))} %", ((await recovery.Locator("[data-testid=device-score-value]").TextContentAsync()) ?? "").Trim());
        Assert.StartsWith("Today,", (await page.Locator("[data-testid=status-day]").InnerTextAsync()).Trim(), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("[data-testid=reconnect-banner]").CountAsync());

        // WHOOP withdraws Bio's access: "Sync now" finds out, and Today says how to get it back.
        fixture.Whoop.RevokeAll();
        await page.GotoAsync("/settings");
        await row.Locator("[data-testid=sync-now]").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("error=", StringComparison.Ordinal));
        Assert.Equal("Reconnect needed", (await row.Locator("[data-testid=connection-state] .warn").InnerTextAsync()).Trim());
        await page.GotoAsync("/");
        var banner = page.Locator("[data-testid=reconnect-banner]");
        Assert.Contains("WHOOP needs reconnecting", await banner.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("/settings#connections", await banner.Locator("a").GetAttributeAsync("href"));
        await BrowserFixture.ScreenshotAsync(page, "connections-reconnect-banner");
        _ = id;
    }
}
