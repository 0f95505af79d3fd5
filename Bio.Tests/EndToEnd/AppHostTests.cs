using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Bio.ServiceDefaults;
using Bio.Tests.Infrastructure;

namespace Bio.Tests.EndToEnd;

/// <summary>
/// Boots the whole AppHost (Azurite, two silos, api, web) with Aspire.Hosting.Testing, as
/// <c>dotnet run --project Bio.AppHost</c> does, then stops it and boots it again on the same local state.
/// </summary>
public sealed class AppHostTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task TheWholeSystemServesAUserAndKeepsItAcrossARestart()
    {
        var ct = TestContext.Current.CancellationToken;
        var state = Directory.CreateTempSubdirectory("bio-e2e-");
        var adminKey = "e2e-admin-" + Guid.NewGuid().ToString("N");
        var id = "e2e-" + Guid.NewGuid().ToString("N")[..12];
        string userKey;

        try
        {
            await using (var app = await StartAsync(state.FullName, adminKey, ct))
            {
                using var api = app.CreateHttpClient(ResourceNames.Api);
                Assert.Equal("Healthy", await api.GetStringAsync("/health", ct));

                using var create = new HttpRequestMessage(HttpMethod.Post, "/api/users")
                {
                    Content = JsonContent.Create(new { id, displayName = "End To End", timeZone = "Pacific/Auckland" }),
                };
                create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
                using var created = await api.SendAsync(create, ct);
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
                userKey = (await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("apiKey").GetString()!;

                Assert.Equal("End To End", (await GetProfileAsync(api, id, userKey, ct)).GetProperty("displayName").GetString());

                // On a first run the AppHost seeds the demo user with two years of synthetic data.
                var demoKeyFile = Path.Combine(state.FullName, "demo-key");
                await Poll.UntilAsync(() => Task.FromResult(File.Exists(demoKeyFile)), TimeSpan.FromSeconds(90), "the demo user to be seeded");
                using (var demoDaily = new HttpRequestMessage(HttpMethod.Get, "/api/users/demo/daily"))
                {
                    demoDaily.Headers.Authorization = new AuthenticationHeaderValue("Bearer", (await File.ReadAllTextAsync(demoKeyFile, ct)).Trim());
                    using var response = await api.SendAsync(demoDaily, ct);
                    Assert.Equal(730, (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetArrayLength());
                }

                using var web = app.CreateHttpClient(ResourceNames.Web);
                Assert.Equal("Healthy", await web.GetStringAsync("/health", ct));
                Assert.Contains("Sign in to Bio", await web.GetStringAsync("/signin", ct), StringComparison.Ordinal);

                await app.StopAsync(ct);
            }

            await using (var again = await StartAsync(state.FullName, adminKey, ct))
            {
                using var api = again.CreateHttpClient(ResourceNames.Api);
                var profile = await GetProfileAsync(api, id, userKey, ct);
                Assert.Equal("Pacific/Auckland", profile.GetProperty("timeZone").GetString());
                await again.StopAsync(ct);
            }
        }
        finally
        {
            state.Delete(recursive: true);
        }
    }

    private static async Task<DistributedApplication> StartAsync(string state, string adminKey, CancellationToken ct)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Bio_AppHost>(
        [
            "--Bio:Ports:Api=0",
            "--Bio:Ports:Web=0",
            "--Bio:Silos=2",
            $"--Bio:LocalStatePath={state}",
            $"--Parameters:{ResourceNames.AdminKey}={adminKey}",
        ], ct);
        var app = await builder.BuildAsync(ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(StartTimeout);
        await app.StartAsync(timeout.Token);
        foreach (var resource in new[] { ResourceNames.Storage, ResourceNames.Silo, ResourceNames.Api, ResourceNames.Web })
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
        }

        return app;
    }

    private static async Task<JsonElement> GetProfileAsync(HttpClient api, string id, string key, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/users/{id}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await api.SendAsync(request, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(ct);
    }
}
