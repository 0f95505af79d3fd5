using System.Globalization;

namespace Bio.Tests.Browser;

/// <summary>
/// Years of nights on one chart: beyond two years in view the dots are monthly means (beyond half a
/// year weekly), each with its count in the tooltip, and zooming in brings the weekly and then nightly dots back.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LongRangeChartTests(BrowserFixture app)
{
    [Fact]
    public async Task ThreeYearsInViewShowMonthlyMeansAndAYearWeeklyOnes()
    {
        var (id, key) = await app.Api.CreateUserAsync("Long", "UTC");
        using (var client = app.Api.Client(key))
        {
            (await client.PostAsync($"/api/users/{id}/synthetic?days=1100&seed=4", null)).EnsureSuccessStatusCode();
        }

        var page = await app.SignedInPageAsync(key);
        await page.GotoAsync("/trends?range=all");
        var figure = page.Locator("[data-testid=chart-hrv]");
        await figure.Locator(".echart canvas").First.WaitForAsync();
        const string Chart = "window.bioChart(document.querySelector('[data-testid=chart-hrv]'))";
        Assert.Equal("month", await page.EvaluateAsync<string>($"() => {Chart}.bucket"));
        Assert.EndsWith("(dots: monthly means)", (await figure.Locator(".chart-title").InnerTextAsync()).Trim(), StringComparison.Ordinal);

        // The pointer over the chart reads a month's mean and how many nights it holds.
        await figure.ScrollIntoViewIfNeededAsync();
        var box = (await figure.Locator(".echart").BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(box.X + (box.Width / 2), box.Y + (box.Height / 2));
        var tip = figure.Locator(".chart-tooltip");
        await tip.WaitForAsync();
        Assert.Matches(@"nightly HRV, month's mean of \d+: ", (await tip.TextContentAsync()) ?? "");

        // Zoomed to the last year: weekly means; to the last quarter: each night.
        var spec = System.Text.Json.JsonDocument.Parse(await figure.Locator("script.chart-spec").TextContentAsync() ?? "").RootElement;
        var last = spec.GetProperty("series").EnumerateArray().Max(s => s.GetProperty("points").EnumerateArray().Max(p => p[0].GetInt32()));
        async Task ZoomAsync(int days) => await page.EvaluateAsync(
            $"() => echarts.getInstanceByDom(document.querySelector('[data-testid=chart-hrv] .echart')).dispatchAction({{ type: 'dataZoom', startValue: {(long)(last - days - 719162) * 86400000L}, endValue: {(long)(last - 719162) * 86400000L} }})");
        await ZoomAsync(364);
        await page.WaitForFunctionAsync($"() => {Chart}.bucket === 'week'");
        await ZoomAsync(89);
        await page.WaitForFunctionAsync($"() => {Chart}.bucket === null");
        Assert.Equal(DateOnly.FromDayNumber(last).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), await figure.GetAttributeAsync("data-view-to"));
    }
}
