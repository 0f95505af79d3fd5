using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Bio.Api;
using Bio.Tests.Infrastructure;
using Bio.Web.Api;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Bio.Tests.Observability;

/// <summary>
/// One sign-in on the web app is one trace: web -> (HTTP) api -> (Orleans) user grain -> (Azure SDK) blob
/// storage. The api listens on a real loopback port so the hop carries a W3C traceparent header exactly
/// as between the Aspire-run processes; every span is captured from the sources the services export.
/// </summary>
public sealed partial class TraceTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task ASignInIsOneTraceFromWebThroughApiAndGrainToStorage()
    {
        var spans = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(listener);

        // The services trace only when they have an OTLP endpoint to send to, as under the AppHost; here one
        // that nobody answers (the spans are taken from the listener above).
        var otlp = $"http://127.0.0.1:{Ports.Free()}";
        await using var cluster = new TestCluster(azurite);
        await cluster.StartSiloAsync(new Dictionary<string, string?> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlp }, null);
        var adminKey = "admin-" + Guid.NewGuid().ToString("N");
        var apiPort = Ports.Free();
        var settings = cluster.Settings(silo: false);
        settings["Auth:AdminKey"] = adminKey;
        settings["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlp;
        await using var api = new ApiHost(settings);
        api.UseKestrel(apiPort);
        api.StartServer();

        await using var webApp = new WebApplicationFactory<BioApiClient>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Development");
            web.UseSetting("Bio:ApiBaseUrl", $"http://127.0.0.1:{apiPort}");
            web.UseSetting("OTEL_EXPORTER_OTLP_ENDPOINT", otlp);
        });

        // A user whose grain is then deactivated, so the sign-in has to read its state from storage.
        var id = "t-" + Guid.NewGuid().ToString("N")[..12];
        using var admin = api.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
        using var created = await admin.PostAsJsonAsync("/api/users", new { id, displayName = "Tracy", timeZone = "UTC" });
        var key = (await created.Content.ReadFromJsonAsync<ApiFixtureUser>())!.ApiKey;
        var management = (await cluster.ConnectAsync()).GetGrain<IManagementGrain>(0);
        await management.ForceActivationCollection(TimeSpan.Zero);
        await Poll.UntilAsync(
            async () => !(await management.GetSimpleGrainStatistics()).Any(g => g.GrainType.Contains("AccountGrain", StringComparison.Ordinal) && g.ActivationCount > 0),
            TimeSpan.FromSeconds(30),
            "the account grain to deactivate");

        using var browser = webApp.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var token = Antiforgery().Match(await browser.GetStringAsync("/signin")).Groups[1].Value;
        // The test is the caller: its trace id goes in with the request, as a browser's tracing would.
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/signin")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["apiKey"] = key,
                ["__RequestVerificationToken"] = token,
            }),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        using var signIn = await browser.SendAsync(request);
        Assert.True(signIn.StatusCode == HttpStatusCode.Redirect, await signIn.Content.ReadAsStringAsync());
        Assert.Equal("/", signIn.Headers.Location?.OriginalString);

        bool InTrace(Activity s) => s.TraceId == traceId;
        var webSpan = await FindAsync(spans, s => InTrace(s) && s.Kind == ActivityKind.Server && s.DisplayName.Contains("/account/signin", StringComparison.Ordinal));

        var apiSpan = await FindAsync(spans, s => InTrace(s) && s.Kind == ActivityKind.Server && s.DisplayName.Contains("/api/users/", StringComparison.Ordinal));
        var grainCall = await FindAsync(spans, s => InTrace(s) && s.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal) && s.Kind == ActivityKind.Server);
        var storage = await FindAsync(spans, s => InTrace(s) && s.Source.Name.StartsWith("Azure.Storage.Blobs", StringComparison.Ordinal));

        Assert.NotEqual(webSpan.SpanId, apiSpan.SpanId);
        Assert.Contains("IAccountGrain", grainCall.DisplayName, StringComparison.Ordinal);
        Assert.True(storage.StartTimeUtc >= apiSpan.StartTimeUtc, "the storage read happens inside the api request");
    }

    private static async Task<Activity> FindAsync(ConcurrentBag<Activity> spans, Func<Activity, bool> match)
    {
        Activity? found = null;
        await Poll.UntilAsync(() => Task.FromResult((found = spans.FirstOrDefault(match)) is not null), TimeSpan.FromSeconds(10),
            "a span; seen: " + string.Join(", ", spans.Select(s => $"{s.Source.Name}:{s.DisplayName}").Distinct().Take(40)));
        return found!;
    }

    private sealed record ApiFixtureUser(string ApiKey);

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();
}
