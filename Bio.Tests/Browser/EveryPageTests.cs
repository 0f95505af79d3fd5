using System.Text.Json;
using Bio.Core.Charts;
using Bio.Core.Ingest;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Bio.Tests.Browser;

/// <summary>
/// Every page, as the demo person and as people imported from real-shaped WHOOP, Oura and Peloton
/// exports, at a phone's width (390 px) and a laptop's (1366 px), light and dark: nothing wider than the
/// screen (no horizontal scroll of the page), no serious or critical accessibility violation (axe-core),
/// and a screenshot of each in artifacts/browser/pages.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class EveryPageTests(BrowserFixture app)
{
    public static readonly string[] Pages = ["/", "/trends", "/insights", "/forecast", "/plan", "/ask", "/imports", "/reports", "/settings"];

    private static readonly (int Width, int Height)[] Sizes = [(390, 844), (1366, 900)];

    public static TheoryData<string> People => new() { "demo", "whoop", "oura", "peloton" };

    [Theory]
    [MemberData(nameof(People))]
    public async Task EveryPageFitsAPhoneAndALaptopAndHasNoSeriousAccessibilityViolation(string person)
    {
        var key = await KeyOfAsync(person);
        var problems = new List<string>();
        var tooltipsChecked = 0;
        var measures = new HashSet<string>(StringComparer.Ordinal);
        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            foreach (var (width, height) in Sizes)
            {
                var page = await app.SignedInPageAsync(key, width, height, scheme);
                var where = "";
                // Nothing the Content-Security-Policy refuses, and no script error.
                page.Console += (_, m) =>
                {
                    if (m.Text.Contains("Content Security Policy", StringComparison.Ordinal) || m.Type == "error")
                    {
                        lock (problems)
                        {
                            problems.Add($"{where}: console {m.Type}: {m.Text}");
                        }
                    }
                };
                page.PageError += (_, e) =>
                {
                    lock (problems)
                    {
                        problems.Add($"{where}: script error {e}");
                    }
                };
                foreach (var path in Pages)
                {
                    where = $"{person} {path} at {width} px, {scheme.ToString().ToLowerInvariant()}";
                    await page.GotoAsync(path);
                    await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                    await page.Locator("main .card").First.WaitForAsync();
                    var (scroll, inner) = await WidthsAsync(page);
                    if (scroll > inner + 1)
                    {
                        problems.Add($"{where}: the page is {scroll} px wide in a {inner} px window ({await WidestAsync(page, inner)})");
                    }

                    // At laptop width every table fits its card (no scroll inside the page's scroll).
                    if (width >= 1366)
                    {
                        var wide = await page.EvaluateAsync<string[]>(
                            "() => [...document.querySelectorAll('.table-wrap')].filter(t => t.scrollWidth > t.clientWidth + 1).map(t => `${t.closest('section')?.querySelector('h2')?.textContent ?? 'a table'} (${t.scrollWidth} px in ${t.clientWidth})`)");
                        problems.AddRange(wide.Select(t => $"{where}: the table of {t} is wider than its card"));
                    }

                    // A chart wider than the screen opens at its latest day.
                    var hidden = await page.EvaluateAsync<int>(
                        "() => [...document.querySelectorAll('figure.chart')].filter(f => f.scrollWidth - f.scrollLeft - f.clientWidth > 1).length");
                    if (hidden > 0)
                    {
                        problems.Add($"{where}: {hidden} chart(s) open before their latest day");
                    }

                    // Every chart with something to show is drawn interactively, with its latest day in view.
                    var charts = await page.EvaluateAsync<string[]>(
                        """
                        () => [...document.querySelectorAll('figure.chart')].flatMap(f => {
                          const spec = JSON.parse(f.querySelector('script.chart-spec').textContent);
                          const xs = spec.series.flatMap(s => s.points.map(p => p[0]));
                          if (!xs.length) return [];
                          if (!f.classList.contains('enhanced')) return [`${f.dataset.testid}: not drawn interactively`];
                          if (!f.dataset.viewTo) return [];
                          const last = new Date((Math.max(...xs) - 719162) * 864e5).toISOString().slice(0, 10);
                          return f.dataset.viewFrom <= last && last <= f.dataset.viewTo ? [] : [`${f.dataset.testid}: shows ${f.dataset.viewFrom} to ${f.dataset.viewTo}, not its latest day ${last}`];
                        })
                        """);
                    problems.AddRange(charts.Select(c => $"{where}: {c}"));

                    // Each measure in its one colour, in the spec and as drawn (HRV blue on Today, Trends, Forecast...).
                    if (width >= 1366 && scheme == ColorScheme.Light)
                    {
                        var seen = await page.EvaluateAsync<string[][]>(
                            """
                            () => [...document.querySelectorAll('figure.chart')].flatMap(f => {
                              const spec = JSON.parse(f.querySelector('script.chart-spec').textContent);
                              const drawn = window.bioChart(f)?.drawn() ?? [];
                              return spec.series.filter(s => s.points.length).map(s => [spec.title, s.name, s.measure ?? "", s.colour,
                                drawn.filter(d => d.name === s.name).every(d => d.colour === s.colour) ? "" : `drawn in ${drawn.filter(d => d.name === s.name).map(d => d.colour).join(" ")}`]);
                            })
                            """);
                        foreach (var s in seen)
                        {
                            if (s[4].Length > 0)
                            {
                                problems.Add($"{where}: {s[0]}'s \"{s[1]}\" is {s[3]} in its spec but {s[4]}");
                            }

                            if (s[2].Length > 0)
                            {
                                measures.Add(s[2]);
                                if (MeasureColours.Of(s[2]) != s[3])
                                {
                                    problems.Add($"{where}: {s[0]}'s \"{s[1]}\" ({s[2]}) is {s[3]}, not its measure's {MeasureColours.Of(s[2])}");
                                }
                            }
                        }

                        if (person != "peloton" && path is "/" or "/trends" && !seen.Any(s => s[2] == Metric.HrvRmssdMs.Key()))
                        {
                            problems.Add($"{where}: no chart names HRV as its measure");
                        }
                    }

                    // On a laptop, the pointer on each date chart's latest line point reads that day's value.
                    if (width >= 1366 && scheme == ColorScheme.Light)
                    {
                        foreach (var figure in await page.Locator("figure.chart.enhanced").AllAsync())
                        {
                            var latest = await figure.EvaluateAsync<JsonElement>("f => { const l = window.bioChart(f)?.latest(); return l ?? null; }");
                            if (latest.ValueKind != JsonValueKind.Object)
                            {
                                continue;
                            }

                            tooltipsChecked++;
                            await page.Mouse.MoveAsync((float)latest.GetProperty("x").GetDouble(), (float)latest.GetProperty("y").GetDouble());
                            var tip = figure.Locator(".chart-tooltip");
                            try
                            {
                                await tip.WaitForAsync(new() { Timeout = 5_000 });
                                var text = (await tip.TextContentAsync()) ?? "";
                                foreach (var want in new[] { latest.GetProperty("date").GetString()!, latest.GetProperty("text").GetString()! })
                                {
                                    if (!text.Contains(want, StringComparison.Ordinal))
                                    {
                                        problems.Add($"{where}: {await figure.GetAttributeAsync("data-testid")}'s tooltip at its latest point says \"{text}\", not \"{want}\"");
                                    }
                                }
                            }
                            catch (TimeoutException)
                            {
                                problems.Add($"{where}: {await figure.GetAttributeAsync("data-testid")} shows no tooltip at its latest point");
                            }

                            await page.Mouse.MoveAsync(0, 0);
                        }
                    }

                    var axe = await page.RunAxe();
                    foreach (var v in axe.Violations.Where(v => v.Impact is "serious" or "critical"))
                    {
                        problems.Add($"{where}: {v.Impact} {v.Id} ({v.Help}) at {string.Join(", ", v.Nodes.Take(3).Select(n => string.Join(" ", n.Target)))}");
                    }

                    var name = $"{person}{path.Replace('/', '-').TrimEnd('-')}-{width}-{scheme.ToString().ToLowerInvariant()}";
                    await BrowserFixture.ScreenshotAsync(page, Path.Combine("pages", name));
                }

                await page.Context.CloseAsync();
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        // All but the Peloton rider have HRV, and all but the Oura wearer (no workouts) the load lines: the colours above were checked on them at least.
        string[] required =
        [
            .. person == "peloton" ? Array.Empty<string>() : [Metric.HrvRmssdMs.Key()],
            .. person == "oura" ? Array.Empty<string>() : [MeasureColours.Fitness, MeasureColours.Fatigue, MeasureColours.Form],
        ];
        Assert.Empty(required.Except(measures));
        Assert.True(tooltipsChecked >= 2, $"only {tooltipsChecked} charts' tooltips were read"); // every person has at least the load lines on Trends
    }

    [Fact]
    public async Task TheSignInPageFitsAPhoneAndHasNoSeriousAccessibilityViolation()
    {
        var page = await app.NewPageAsync(390, 844);
        await page.GotoAsync("/signin");
        var (scroll, inner) = await WidthsAsync(page);
        Assert.True(scroll <= inner + 1, $"the sign-in page is {scroll} px wide in {inner} px");
        var axe = await page.RunAxe();
        Assert.Empty(axe.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Impact} {v.Id}: {v.Help}"));
    }

    private static async Task<(int Scroll, int Inner)> WidthsAsync(IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        return (widths[0], widths[1]);
    }

    /// <summary>The element that sticks out furthest, to name in a failure.</summary>
    private static Task<string> WidestAsync(IPage page, int inner) => page.EvaluateAsync<string>(
        """
        (inner) => {
          let worst = null, right = inner;
          for (const e of document.querySelectorAll("body *")) {
            const r = e.getBoundingClientRect();
            if (r.right > right + 1) { right = r.right; worst = e; }
          }
          return worst ? `${worst.tagName.toLowerCase()}${worst.className ? "." + String(worst.className).split(" ").join(".") : ""} reaches ${Math.round(right)} px` : "nothing found";
        }
        """, inner);

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static readonly Dictionary<string, string> Keys = [];

    /// <summary>The person's key; people other than the demo are made once, from the fixtures, through the API.</summary>
    private async Task<string> KeyOfAsync(string person)
    {
        if (person == "demo")
        {
            return app.Demo.Key;
        }

        await Gate.WaitAsync();
        try
        {
            if (Keys.TryGetValue(person, out var known))
            {
                return known;
            }

            var (id, key) = await app.Api.CreateUserAsync($"{person} person", "Europe/Berlin");
            var files = person switch
            {
                "whoop" => (string[])["whoop/my_whoop_data_2024_11_05.zip"],
                "oura" => ["oura/oura-trends-2022.csv", "oura/oura_sleep_2024-07-13T09-46-08.csv", "oura/oura_daily-readiness_2024-07-13T09-46-08.csv"],
                _ => ["peloton/workouts-us.csv", "peloton/workouts-scenic.csv"],
            };
            await app.Api.ImportFixturesAsync(id, key, files);

            Keys[person] = key;
            return key;
        }
        finally
        {
            Gate.Release();
        }
    }
}
