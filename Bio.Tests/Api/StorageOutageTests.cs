using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bio.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Bio.Tests.Api;

/// <summary>
/// Storage goes away mid-run (every connection to Azurite cut by a proxy in front of it, new ones
/// refused) and comes back: meanwhile requests that need it get 503 with Retry-After and a sentence,
/// nothing accepted before is lost, and afterwards the same requests work on a lake whose versions are whole.
/// </summary>
public sealed class StorageOutageTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private OutageProxy blobProxy = null!;
    private OutageProxy tableProxy = null!;
    private TestCluster cluster = null!;
    private WebApplicationFactory<Bio.Api.ApiExceptionHandler> api = null!;
    private readonly string adminKey = "admin-" + Guid.NewGuid().ToString("N");

    public async ValueTask InitializeAsync()
    {
        blobProxy = new OutageProxy(azurite.BlobEndpoint);
        tableProxy = new OutageProxy(azurite.TableEndpoint);
        cluster = new TestCluster(azurite.ConnectionStringVia(blobProxy.Endpoint, tableProxy.Endpoint), "bio-tests-outage-" + Guid.NewGuid().ToString("N")[..8]);
        // Storage calls give up sooner here than the production default, so the outage is felt in seconds.
        await cluster.StartSiloAsync(new Dictionary<string, string?> { ["Storage:NetworkTimeout"] = "00:00:03", ["Storage:MaxRetries"] = "1" }, null);
        var settings = cluster.Settings(silo: false);
        settings["Auth:AdminKey"] = adminKey;
        settings["Storage:NetworkTimeout"] = "00:00:03";
        settings["Storage:MaxRetries"] = "1";
        api = new ApiHost(settings);
    }

    public async ValueTask DisposeAsync()
    {
        await api.DisposeAsync();
        await cluster.DisposeAsync();
        await blobProxy.DisposeAsync();
        await tableProxy.DisposeAsync();
    }

    private HttpClient Client(string key)
    {
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private static MultipartFormDataContent Csv(DateOnly from, int days)
    {
        var csv = new StringBuilder("date,hrv_rmssd_ms,resting_hr_bpm\n");
        for (var d = 0; d < days; d++)
        {
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"{from.AddDays(d):yyyy-MM-dd},{50 + (d % 7)},{55 + (d % 3)}\n");
        }

        return new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(csv.ToString())), "file", "days.csv" } };
    }

    [Fact]
    public async Task DuringAStorageOutageRequestsGet503AndAfterItEverythingIsWhole()
    {
        using var admin = Client(adminKey);
        var id = "outage-" + Guid.NewGuid().ToString("N")[..8];
        using var created = await admin.PostAsJsonAsync("/api/users", new { id, displayName = "Outage", timeZone = "UTC" });
        created.EnsureSuccessStatusCode();
        var key = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetString()!;
        using var client = Client(key);
        var start = new DateOnly(2026, 5, 1);
        (await client.PostAsync($"/api/users/{id}/imports", Csv(start, 30))).EnsureSuccessStatusCode();
        var before = await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/lake");
        var goldBefore = await client.GetStringAsync($"/api/users/{id}/gold/hrv_status");

        blobProxy.Cut();
        tableProxy.Cut();
        using var refused = await client.PostAsync($"/api/users/{id}/imports", Csv(start.AddDays(30), 5));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "no Retry-After");
        Assert.Contains("Nothing you sent before was lost", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var listing = await client.GetAsync($"/api/users/{id}/reports");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, listing.StatusCode);

        blobProxy.Restore();
        tableProxy.Restore();
        // Back: the upload goes through on retry, and the lake moved on by exactly one whole version.
        var last = "";
        await Poll.UntilAsync(async () =>
        {
            using var retried = await client.PostAsync($"/api/users/{id}/imports", Csv(start.AddDays(30), 5));
            last = $"{(int)retried.StatusCode} {await retried.Content.ReadAsStringAsync()}";
            return retried.StatusCode == HttpStatusCode.Created;
        }, TimeSpan.FromSeconds(60), "the upload to go through after storage came back");
        Assert.StartsWith("201", last, StringComparison.Ordinal);
        var after = await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/lake");
        Assert.Equal(before.GetProperty("version").GetInt32() + 1, after.GetProperty("version").GetInt32());
        Assert.Equal(before.GetProperty("tables").GetArrayLength(), after.GetProperty("tables").GetArrayLength());
        var days = await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/daily");
        Assert.Equal(35, days.GetArrayLength());
        Assert.StartsWith(goldBefore.TrimEnd(']'), await client.GetStringAsync($"/api/users/{id}/gold/hrv_status"), StringComparison.Ordinal);
        Assert.Equal(2, (await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/imports")).EnumerateArray().Count(i => i.GetProperty("status").GetString() == "completed"));
    }
}
