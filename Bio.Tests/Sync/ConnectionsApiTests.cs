using Bio.FakeClouds;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Blobs;
using Bio.Tests.Infrastructure;

namespace Bio.Tests.Sync;

/// <summary>
/// Connecting WHOOP once and Bio keeping itself up to date, through the API against a fake WHOOP cloud on
/// loopback (<see cref="FakeWhoop"/>): consent with PKCE and a state bound to the person, the backfill
/// into bronze and the importers, unchanged pages skipped, a revised score taken, rotating refresh
/// tokens, 429/500 retried, a revoked access marked, a malformed page kept and explained, disconnect,
/// and erase leaving no token anywhere.
/// </summary>
[Collection(SyncCollection.Name)]
public sealed class ConnectionsApiTests(SyncFixture sync)
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private sealed record Status(string Provider, string Name, string State, DateTimeOffset? ConnectedAt, DateTimeOffset? LastSyncAt, string? LastError, DateTimeOffset? NextRunAt, DateOnly? SyncedThrough, int Imports);

    private sealed record Import(string ImportId, string FileName, string? Source, string Status, string? Error, string? Sha256, int LakeVersion);

    private sealed record Outcome(string Provider, List<Import> Imports, int Pages, int Unchanged, string? Error, Status Status);

    private static DateOnly Today => DateOnly.FromDateTime(TestCluster.Now.UtcDateTime);

    private static async Task<List<Status>> ConnectionsAsync(HttpClient client, string id) =>
        (await client.GetFromJsonAsync<List<Status>>($"/api/users/{id}/connections", Web))!;

    private static async Task<Status> WhoopAsync(HttpClient client, string id) => (await ConnectionsAsync(client, id)).Single(s => s.Provider == "whoop");

    /// <summary>Connects a provider as a person does: Bio's consent URL, the provider's redirect with a code, Bio's callback; then waits for the backfill.</summary>
    private async Task<(string Id, string Key, HttpClient Client)> ConnectedPersonAsync(string provider = "whoop")
    {
        var (id, key) = await sync.CreateUserAsync();
        var client = sync.Client(key);
        var location = await ConsentAsync(client, id, provider);
        using var callback = sync.Client(redirects: false);
        using var back = await callback.GetAsync(location.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        Assert.Equal($"{SyncFixture.Dashboard}?provider={provider}&connected=1", back.Headers.Location!.ToString());
        await Poll.UntilAsync(async () => (await ConnectionsAsync(client, id)).Single(c => c.Provider == provider).LastSyncAt is not null, TimeSpan.FromSeconds(60), "the backfill after connecting");
        return (id, key, client);
    }

    /// <summary>Bio's consent URL, opened as a browser would: the provider sends it back to Bio's callback with a code.</summary>
    private async Task<Uri> ConsentAsync(HttpClient client, string id, string provider = "whoop")
    {
        using var start = await client.PostAsync($"/api/users/{id}/connections/{provider}", null);
        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        var authorize = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("authorizeUrl").GetString()!;
        Assert.StartsWith(provider == "whoop" ? sync.Whoop.BaseUrl + "/oauth/oauth2/auth?" : sync.Oura.BaseUrl + "/oauth/authorize?", authorize, StringComparison.Ordinal);
        Assert.Contains("code_challenge_method=S256", authorize, StringComparison.Ordinal);
        Assert.Contains($"state={id}.", authorize, StringComparison.Ordinal);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var consent = await browser.GetAsync(authorize);
        Assert.Equal(HttpStatusCode.Redirect, consent.StatusCode);
        var location = consent.Headers.Location!;
        Assert.Equal($"/api/connections/{provider}/callback", location.AbsolutePath);
        return location;
    }

    [Fact]
    public async Task ConnectingWhoopBackfillsEveryNightThroughBronzeAndTheImporters()
    {
        var (id, _, client) = await ConnectedPersonAsync();
        using var _client = client;

        var connections = await ConnectionsAsync(client, id);
        Assert.Equal("available", connections.Single(c => c.Provider == "oura").State);
        var whoop = connections.Single(c => c.Provider == "whoop");
        Assert.Equal("connected", whoop.State);
        Assert.Null(whoop.LastError);
        Assert.Equal(Today, whoop.SyncedThrough);
        Assert.NotNull(whoop.NextRunAt);
        Assert.True(whoop.Imports >= 4, $"{whoop.Imports} imports");

        // Every night WHOOP holds is in silver with WHOOP's own numbers, under the wake-up day.
        var daily = await client.GetFromJsonAsync<List<JsonElement>>($"/api/users/{id}/daily?from={Today.AddDays(-60):yyyy-MM-dd}", Web);
        var byDay = daily!.ToDictionary(d => DateOnly.Parse(d.GetProperty("date").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        foreach (var day in sync.Whoop.Days)
        {
            Assert.True(byDay.TryGetValue(day, out var row), $"no day {day}");
            var values = row.GetProperty("values");
            Assert.Equal(FakeWhoop.Hrv(day, sync.Whoop.Revision(day)), values.GetProperty("hrv_rmssd_ms").GetDouble(), 6);
        }

        // The import history names where each page came from; each page is a bronze object.
        var imports = (await client.GetFromJsonAsync<List<Import>>($"/api/users/{id}/imports", Web))!;
        Assert.Contains(imports, i => i.FileName.StartsWith("whoop-sync-recovery-", StringComparison.Ordinal) && i.Status == "completed" && i.Source == "whoop");
        Assert.Contains(imports, i => i.FileName.StartsWith("whoop-sync-activity-sleep-", StringComparison.Ordinal));
        Assert.All(imports, i => Assert.NotNull(i.Sha256));
        // The backfill's pages (two months of four collections) went into the lake together: one version, not one a page.
        Assert.True(imports.Count >= 8, $"{imports.Count} pages imported");
        Assert.Single(imports.Select(i => i.LakeVersion).Distinct());
    }

    [Fact]
    public async Task ConnectingOuraBackfillsItsNightsWithReadinessAndItsContributors()
    {
        var (id, _, client) = await ConnectedPersonAsync("oura");
        using var _client = client;
        var oura = (await ConnectionsAsync(client, id)).Single(c => c.Provider == "oura");
        Assert.Equal("connected", oura.State);
        Assert.Null(oura.LastError);
        Assert.Equal("available", (await WhoopAsync(client, id)).State);

        var daily = await client.GetFromJsonAsync<List<JsonElement>>($"/api/users/{id}/daily?from={Today.AddDays(-60):yyyy-MM-dd}", Web);
        var byDay = daily!.ToDictionary(d => DateOnly.Parse(d.GetProperty("date").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        foreach (var day in sync.Oura.Days)
        {
            Assert.True(byDay.TryGetValue(day, out var row), $"no day {day}");
            var values = row.GetProperty("values");
            Assert.Equal(sync.Oura.OuraHrv(day), values.GetProperty("hrv_rmssd_ms").GetDouble(), 6);
            Assert.Equal(sync.Oura.Readiness(day), values.GetProperty("readiness_score").GetDouble(), 6);
            Assert.Equal(70 + day.DayNumber % 20, values.GetProperty("readiness_hrv_balance").GetDouble(), 6);
        }

        // Paged by next_token (ten a page): 45 nights over two months came in as several pages of each collection.
        var imports = (await client.GetFromJsonAsync<List<Import>>($"/api/users/{id}/imports", Web))!;
        Assert.True(imports.Count(i => i.FileName.StartsWith("oura-sync-sleep-", StringComparison.Ordinal)) >= 5);
        Assert.Contains(imports, i => i.FileName.StartsWith("oura-sync-daily_readiness-", StringComparison.Ordinal) && i.Source == "oura");

        // The cluster's budget for Oura held: no second saw more data calls than it allows.
        var data = sync.Oura.Calls.Where(c => c.Path.StartsWith("/v2/", StringComparison.Ordinal)).Select(c => c.At).Order().ToList();
        Assert.True(data.Count > SyncFixture.OuraCallsPerSecond * 2, $"only {data.Count} calls: the budget was not put to the test");
        var busiest = data.Select((at, i) => data.Skip(i).TakeWhile(t => t - at < TimeSpan.FromSeconds(1)).Count()).Max();
        Assert.True(busiest <= SyncFixture.OuraCallsPerSecond, $"{busiest} Oura calls within one second, budget {SyncFixture.OuraCallsPerSecond}");

        // Disconnecting revokes the token at Oura's revocation endpoint.
        (await client.DeleteAsync($"/api/users/{id}/connections/oura")).Dispose();
        Assert.Contains(sync.Oura.Calls, c => c.Path == "/oauth/revoke" && c.Status == 200);
    }

    [Fact]
    public async Task AnUnchangedPageIsNotImportedAgainAndARevisedScoreIs()
    {
        var (id, _, client) = await ConnectedPersonAsync();
        using var _client = client;
        // A later sync asks again for the months holding the last few days (providers revise scores): every
        // page is byte for byte the bronze object already imported, so nothing is imported.
        using (var again = await client.PostAsync($"/api/users/{id}/connections/whoop/sync", null))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            var outcome = (await again.Content.ReadFromJsonAsync<Outcome>(Web))!;
            Assert.Null(outcome.Error);
            Assert.Empty(outcome.Imports);
            Assert.True(outcome.Unchanged > 0 && outcome.Pages >= outcome.Unchanged, $"{outcome.Pages} pages, {outcome.Unchanged} unchanged");
        }

        // WHOOP re-scores a night inside the overlap: its recovery page changes, and only it is imported.
        var revised = Today.AddDays(-1);
        sync.Whoop.Revise(revised);
        using (var after = await client.PostAsync($"/api/users/{id}/connections/whoop/sync", null))
        {
            var outcome = (await after.Content.ReadFromJsonAsync<Outcome>(Web))!;
            Assert.Null(outcome.Error);
            var import = Assert.Single(outcome.Imports);
            Assert.StartsWith("whoop-sync-recovery-", import.FileName, StringComparison.Ordinal);
            Assert.Equal("completed", import.Status);
        }

        var day = (await client.GetFromJsonAsync<List<JsonElement>>($"/api/users/{id}/daily?from={revised:yyyy-MM-dd}&to={revised:yyyy-MM-dd}", Web))!.Single();
        Assert.Equal(FakeWhoop.Hrv(revised, sync.Whoop.Revision(revised)), day.GetProperty("values").GetProperty("hrv_rmssd_ms").GetDouble(), 6);
    }

    [Fact]
    public async Task AnExpiredAccessTokenIsRenewedAndTheRotatedRefreshTokenKept()
    {
        var (id, _, client) = await ConnectedPersonAsync();
        using var _client = client;
        var issued = sync.Whoop.IssuedRefreshTokens.Count;

        // Twice: the second renewal works only if Bio kept the refresh token the first one rotated to.
        for (var round = 1; round <= 2; round++)
        {
            sync.Whoop.ExpireAccessTokens();
            using var response = await client.PostAsync($"/api/users/{id}/connections/whoop/sync", null);
            var outcome = (await response.Content.ReadFromJsonAsync<Outcome>(Web))!;
            Assert.Null(outcome.Error);
            Assert.Equal("connected", outcome.Status.State);
        }

        Assert.True(sync.Whoop.IssuedRefreshTokens.Count >= issued + 2);
    }

    [Fact]
    public async Task TooManyRequestsAndServerErrorsAreTriedAgainHonouringRetryAfter()
    {
        var (id, _, client) = await ConnectedPersonAsync();
        using var _client = client;
        var before = sync.Whoop.Calls.Count;
        sync.Whoop.TooManyRequests(1);
        using (var response = await client.PostAsync($"/api/users/{id}/connections/whoop/sync", null))
        {
            Assert.Null((await response.Content.ReadFromJsonAsync<Outcome>(Web))!.Error);
        }

        var calls = sync.Whoop.Calls.Skip(before).ToList();
        var limited = calls.FindIndex(c => c.Status == 429);
        Assert.True(limited >= 0, "no 429 was answered");
        var retried = calls.Skip(limited + 1).First(c => c.Path == calls[limited].Path);
        Assert.Equal(200, retried.Status);
        Assert.True(retried.At - calls[limited].At >= TimeSpan.FromSeconds(0.9), $"retried after {(retried.At - calls[limited].At).TotalSeconds:0.00} s, Retry-After said 1 s");

        sync.Whoop.Fail(2);
        using (var response = await client.PostAsync($"/api/users/{id}/connections/whoop/sync", null))
        {
            Assert.Null((await response.Content.ReadFromJsonAsync<Outcome>(Web))!.Error);
        }

        // More failures in a row than attempts: the sync ends with the reason, and the connection stays.
        sync.Whoop.Fail(10);
        using (var response = await client.PostAsync($"/api/users/{id}/connections/whoop/sync", null))
        {
            var outcome = (await response.Content.ReadFromJsonAsync<Outcome>(Web))!;
            Assert.Contains("failed (500)", outcome.Error, StringComparison.Ordinal);
            Assert.Equal("connected", outcome.Status.State);
        }

        sync.Whoop.Fail(0);
    }

    [Fact]
    public async Task RevokedAccessMarksTheConnectionForReconnecting()
    {
        var (id, _, client) = await ConnectedPersonAsync();
        using var _client = client;
        sync.Whoop.RevokeAll();

        using var response = await client.PostAsync($"/api/users/{id}/connections/whoop/sync", null);
        var outcome = (await response.Content.ReadFromJsonAsync<Outcome>(Web))!;
        Assert.Contains("connect WHOOP again", outcome.Error, StringComparison.OrdinalIgnoreCase);
        var status = await WhoopAsync(client, id);
        Assert.Equal("reconnect_needed", status.State);
        Assert.Equal(outcome.Error, status.LastError);

        // Connecting again clears it.
        var location = await ConsentAsync(client, id);
        using var callback = sync.Client(redirects: false);
        (await callback.GetAsync(location.PathAndQuery)).Dispose();
        Assert.Equal("connected", (await WhoopAsync(client, id)).State);
    }

    [Fact]
    public async Task AMalformedPageIsKeptAndItsImportSaysWhy()
    {
        var (id, _, client) = await ConnectedPersonAsync();
        using var _client = client;
        sync.Whoop.MalformedOnce = "cycle";

        using var response = await client.PostAsync($"/api/users/{id}/connections/whoop/sync", null);
        var outcome = (await response.Content.ReadFromJsonAsync<Outcome>(Web))!;
        var rejected = Assert.Single(outcome.Imports);
        Assert.Equal("rejected", rejected.Status);
        Assert.StartsWith("whoop-sync-cycle-", rejected.FileName, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(rejected.Error));
        // The other collections went on, and the data imported before is all there.
        Assert.Null(outcome.Error);
        var daily = (await client.GetFromJsonAsync<List<JsonElement>>($"/api/users/{id}/daily?from={Today.AddDays(-60):yyyy-MM-dd}", Web))!;
        Assert.Equal(sync.Whoop.Days.Count, daily.Count(d => d.GetProperty("values").TryGetProperty("hrv_rmssd_ms", out _)));
    }

    [Fact]
    public async Task AConsentIsTheOnesOwnOnceAndAForeignOrUsedStateIsRefused()
    {
        var (id, key) = await sync.CreateUserAsync();
        using var client = sync.Client(key);
        var location = await ConsentAsync(client, id);
        using var callback = sync.Client(redirects: false);

        // The same code with a state Bio did not make for this person: refused, nothing connected.
        var forged = location.Query.Replace($"state={id}.", $"state={id}.x", StringComparison.Ordinal);
        using (var refused = await callback.GetAsync(location.AbsolutePath + forged))
        {
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.Contains("error=", refused.Headers.Location!.ToString(), StringComparison.Ordinal);
        }

        Assert.Equal("available", (await WhoopAsync(client, id)).State);

        // A forged attempt does not spoil the person's own consent: the genuine return still connects.
        using (var ok = await callback.GetAsync(location.PathAndQuery))
        {
            Assert.EndsWith("connected=1", ok.Headers.Location!.ToString(), StringComparison.Ordinal);
        }

        // Used once: the same return again is refused.
        using (var replay = await callback.GetAsync(location.PathAndQuery))
        {
            Assert.Contains("error=", replay.Headers.Location!.ToString(), StringComparison.Ordinal);
        }

        // Declined at WHOOP: said so.
        using (var declined = await callback.GetAsync($"/api/connections/whoop/callback?error=access_denied&state={id}.{new string('a', 43)}"))
        {
            Assert.Contains("WHOOP access was not granted", Uri.UnescapeDataString(declined.Headers.Location!.ToString()), StringComparison.Ordinal);
        }

        await Poll.UntilAsync(async () => (await WhoopAsync(client, id)).LastSyncAt is not null, TimeSpan.FromSeconds(60), "the backfill");
    }

    [Fact]
    public async Task DisconnectingDeletesTheTokensAndAnUnknownProviderIs404()
    {
        var (id, _, client) = await ConnectedPersonAsync();
        using var _client = client;

        using (var gone = await client.DeleteAsync($"/api/users/{id}/connections/whoop"))
        {
            Assert.Equal(HttpStatusCode.NoContent, gone.StatusCode);
        }

        // Bio asked WHOOP to end its access before deleting the tokens.
        Assert.Contains(sync.Whoop.Calls, c => c.Path == "/developer/v2/user/access" && c.Status == 204);

        var status = await WhoopAsync(client, id);
        Assert.Equal("available", status.State);
        Assert.Null(status.LastSyncAt);
        using (var again = await client.DeleteAsync($"/api/users/{id}/connections/whoop"))
        {
            Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        }

        using (var sync400 = await client.PostAsync($"/api/users/{id}/connections/whoop/sync", null))
        {
            Assert.Equal(HttpStatusCode.BadRequest, sync400.StatusCode);
            Assert.Contains("not connected", await sync400.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var unknown = await client.PostAsync($"/api/users/{id}/connections/fitbit", null))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }
    }

    [Fact]
    public async Task TokensAreNeverStoredInTheClearAndErasingLeavesNoneAnywhere()
    {
        var (id, key, client) = await ConnectedPersonAsync();
        using var _client = client;
        var tokens = sync.Whoop.IssuedRefreshTokens.ToList();
        var blobs = new BlobServiceClient(sync.Azurite.ConnectionString);

        async Task<List<(string Name, string Content)>> BlobsAsync(Func<string, string, bool> keep)
        {
            var found = new List<(string, string)>();
            await foreach (var container in blobs.GetBlobContainersAsync())
            {
                var c = blobs.GetBlobContainerClient(container.Name);
                await foreach (var blob in c.GetBlobsAsync())
                {
                    if (blob.Properties.ContentLength > 1_000_000 || blob.Name.EndsWith(".parquet", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    var content = (await c.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToString();
                    if (keep($"{container.Name}/{blob.Name}", content))
                    {
                        found.Add(($"{container.Name}/{blob.Name}", content));
                    }
                }
            }

            return found;
        }

        // No token WHOOP issued is anywhere in storage in the clear...
        Assert.Empty(await BlobsAsync((_, content) => tokens.Any(t => content.Contains(t, StringComparison.Ordinal))));
        // ...though this person's connection is stored (encrypted), so the search looked where it is kept.
        var stored = await BlobsAsync((name, content) => name.Contains(id, StringComparison.Ordinal) && content.Contains("ProtectedTokens", StringComparison.OrdinalIgnoreCase));
        Assert.NotEmpty(stored);
        Assert.All(stored, s => Assert.Contains("CfDJ8", s.Content, StringComparison.Ordinal)); // Data Protection's ciphertext, not a token

        using (var erase = await client.DeleteAsync($"/api/users/{id}"))
        {
            Assert.Equal(HttpStatusCode.OK, erase.StatusCode);
        }

        // Erased: nothing of this person's connection is left with a token, encrypted or not.
        var left = await BlobsAsync((name, content) => name.Contains(id, StringComparison.Ordinal));
        Assert.DoesNotContain(left, b => b.Content.Contains("ProtectedTokens", StringComparison.OrdinalIgnoreCase) || b.Content.Contains("CfDJ8", StringComparison.Ordinal));
    }
}
