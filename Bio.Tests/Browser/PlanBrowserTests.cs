using Microsoft.Playwright;

namespace Bio.Tests.Browser;

/// <summary>The Plan page and Today's plan card in Chromium at a phone's and a laptop's width; the body form brings the fuel's grams.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PlanBrowserTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData(390, 844)]
    [InlineData(1366, 900)]
    public async Task ThePlanPageAndTodaysCardShowTheWeekWithItsRules(int width, int height)
    {
        var (id, key) = await fixture.Api.CreateUserAsync("Plan", "UTC");
        using (var client = fixture.Api.Client(key))
        {
            (await client.PostAsync($"/api/users/{id}/synthetic?days=120&seed=5", null)).EnsureSuccessStatusCode();
        }

        var page = await fixture.SignedInPageAsync(key, width, height);
        await page.GotoAsync("/plan");
        await page.Locator("[data-testid=plan-week]").WaitForAsync();
        Assert.Equal(7, await page.Locator("[data-testid=plan-day]").CountAsync());
        Assert.All(await page.Locator("[data-testid=plan-rule]").AllInnerTextsAsync(), r => Assert.False(string.IsNullOrWhiteSpace(r)));
        Assert.Equal(3, await page.Locator("[data-testid=fuel-day]").CountAsync());
        Assert.Contains("weight", await page.Locator("[data-testid=plan-fuel]").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.EvaluateAsync<int>("document.documentElement.scrollWidth - document.documentElement.clientWidth"));
        await BrowserFixture.ScreenshotAsync(page, $"plan-{width}");

        // The body form: the fuel gets its grams (64 kg, a hard day 384-640 g of carbohydrate; any day 77-128 g of protein).
        await page.FillAsync("#body-weight", "64");
        await page.FillAsync("#body-height", "170");
        await page.FillAsync("#body-year", "1990");
        await page.SelectOptionAsync("#body-sex", "female");
        await page.Locator("[data-testid=save-body]").ClickAsync();
        await page.Locator("[data-testid=plan-fuel]").Filter(new() { HasText = "77–128 g" }).WaitForAsync();

        await page.GotoAsync("/");
        await page.Locator("[data-testid=week-plan]").WaitForAsync();
        Assert.Equal(7, await page.Locator("[data-testid=week-plan-day]").CountAsync());
        Assert.StartsWith("Today:", (await page.Locator("[data-testid=week-plan-day]").First.InnerTextAsync()).Trim(), StringComparison.Ordinal);
        Assert.Equal(0, await page.EvaluateAsync<int>("document.documentElement.scrollWidth - document.documentElement.clientWidth"));
        await BrowserFixture.ScreenshotAsync(page, $"today-plan-{width}");
    }
}
