using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bio.Tests.Infrastructure;
using Bio.Tests.Ingest;

namespace Bio.Tests.Api;

/// <summary>
/// Apple Health by push: a person issues a write-only ingest token, Health Auto Export's REST automation
/// posts its JSON with it, and the body goes through bronze like an upload. The token opens that one door.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class IngestApiTests(ApiFixture api)
{
    private const string DailyBody = "apple-health/health-auto-export/daily.json";

    private static async Task<JsonElement> Json(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    /// <summary>The request the app makes: a JSON body, the token as a bearer header the person typed into the automation.</summary>
    private static async Task<HttpResponseMessage> PushAsync(HttpClient client, string userId, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        content.Headers.Add("automation-name", "Bio");
        return await client.PostAsync($"/api/ingest/{userId}/apple-health", content);
    }

    private static Task<HttpResponseMessage> PushFixtureAsync(HttpClient client, string userId) =>
        PushAsync(client, userId, File.ReadAllText(Fixture.Path(DailyBody)));

    private async Task<(string Id, HttpClient Owner, JsonElement Token)> PersonWithTokenAsync()
    {
        var (id, key) = await api.CreateUserAsync("Ada", "America/Los_Angeles");
        var owner = api.Client(key);
        using var created = await owner.PostAsJsonAsync($"/api/users/{id}/ingest-tokens", new { name = "Health Auto Export on my iPhone" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (id, owner, await Json(created));
    }

    [Fact]
    public async Task APushedBodyIsImportedAsAppleHealthAndItsDaysAreInDaily()
    {
        var (id, owner, token) = await PersonWithTokenAsync();
        using var _ = owner;
        Assert.StartsWith($"bioin_{id}_{token.GetProperty("tokenId").GetString()}_", token.GetProperty("token").GetString(), StringComparison.Ordinal);
        Assert.EndsWith($"/api/ingest/{id}/apple-health", token.GetProperty("url").GetString(), StringComparison.Ordinal);
        using var phone = api.Client(token.GetProperty("token").GetString());

        using var response = await PushFixtureAsync(phone, id);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var report = await Json(response);
        Assert.Equal("apple-health", report.GetProperty("source").GetString());
        Assert.Equal(13, report.GetProperty("rowsRead").GetInt64()); // samples, a night and two workouts; heart rate, VO2 max and flights skipped
        Assert.Equal(13, report.GetProperty("rowsAccepted").GetInt64());
        Assert.Equal(0, report.GetProperty("rowsQuarantined").GetInt64());
        var days = (await owner.GetFromJsonAsync<JsonElement>($"/api/users/{id}/daily?from=2024-01-20&to=2024-01-21")).EnumerateArray().ToList();
        Assert.Equal(2, days.Count);
        var values = days[1].GetProperty("values");
        Assert.Equal(51.7, values.GetProperty("hrv_sdnn_ms").GetDouble());
        Assert.False(values.TryGetProperty("hrv_rmssd_ms", out var rmssd) && rmssd.ValueKind != JsonValueKind.Null);
        Assert.Equal(426, values.GetProperty("sleep_minutes").GetDouble(), 6);
        Assert.Equal("apple-health", days[1].GetProperty("sources").GetProperty("hrv_sdnn_ms").GetString());
        var workouts = await owner.GetFromJsonAsync<JsonElement>($"/api/users/{id}/workouts?from=2024-01-20&to=2024-01-21");
        Assert.Equal(2, workouts.GetArrayLength());
    }

    [Fact]
    public async Task TheSameBodyAgainChangesNothing()
    {
        var (id, owner, token) = await PersonWithTokenAsync();
        using var _ = owner;
        using var phone = api.Client(token.GetProperty("token").GetString());

        var first = await Json(await PushFixtureAsync(phone, id));
        using var again = await PushFixtureAsync(phone, id);

        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        var second = await Json(again);
        Assert.Equal(0, second.GetProperty("rowsAccepted").GetInt64());
        Assert.Equal(first.GetProperty("rowsAccepted").GetInt64(), second.GetProperty("rowsDuplicate").GetInt64());
        Assert.Equal(first.GetProperty("bronzePath").GetString(), second.GetProperty("bronzePath").GetString());
        Assert.Equal(first.GetProperty("lakeVersion").GetInt32(), second.GetProperty("lakeVersion").GetInt32());
    }

    [Fact]
    public async Task ALaterPushOfTheSameDayReplacesItsValues()
    {
        // The app's "Default" period sends today so far, again and again: the day grows, it never adds up twice.
        var (id, owner, token) = await PersonWithTokenAsync();
        using var _ = owner;
        using var phone = api.Client(token.GetProperty("token").GetString());
        static string Steps(int qty) =>
            $$$"""{"data":{"metrics":[{"name":"step_count","units":"count","data":[{"date":"2024-01-22 00:00:00 -0800","qty":{{{qty}}},"source":"Ada’s Apple Watch|Ada’s iPhone"}]}]}}""";

        Assert.Equal(HttpStatusCode.Created, (await PushAsync(phone, id, Steps(4210))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PushAsync(phone, id, Steps(9876))).StatusCode);

        var day = Assert.Single((await owner.GetFromJsonAsync<JsonElement>($"/api/users/{id}/daily?from=2024-01-22&to=2024-01-22")).EnumerateArray());
        Assert.Equal(9876, day.GetProperty("values").GetProperty("steps").GetDouble());
    }

    [Fact]
    public async Task ARevokedTokenIs401AtOnce()
    {
        var (id, owner, token) = await PersonWithTokenAsync();
        using var _ = owner;
        using var phone = api.Client(token.GetProperty("token").GetString());
        var tokenId = token.GetProperty("tokenId").GetString();
        var listed = Assert.Single((await owner.GetFromJsonAsync<JsonElement>($"/api/users/{id}/ingest-tokens")).EnumerateArray());
        Assert.Equal("Health Auto Export on my iPhone", listed.GetProperty("name").GetString());
        Assert.DoesNotContain(token.GetProperty("token").GetString()!.Split('_')[3], listed.GetRawText(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/api/users/{id}/ingest-tokens/{tokenId}")).StatusCode);
        using var refused = await PushFixtureAsync(phone, id);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("ingest token", (await Json(refused)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await owner.GetFromJsonAsync<JsonElement>($"/api/users/{id}/ingest-tokens")).GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await owner.DeleteAsync($"/api/users/{id}/ingest-tokens/{tokenId}")).StatusCode);
        // The person's own key still works: revoking a token touches nothing else.
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/api/users/{id}")).StatusCode);
    }

    [Theory]
    [InlineData("""{"data":{"metrics":[{"name":"step_count","units":"count","data":[{"date":"2024-01-22 00:00:00 -0800","qty":8000""", "not valid JSON")]
    [InlineData("""{"automation":"Bio","payload":[]}""", "Health Auto Export")]
    public async Task AMalformedBodyIs422WithASentenceAndLosesNothingAcceptedBefore(string body, string expected)
    {
        var (id, owner, token) = await PersonWithTokenAsync();
        using var _ = owner;
        using var phone = api.Client(token.GetProperty("token").GetString());
        var first = await Json(await PushFixtureAsync(phone, id));

        using var response = await PushAsync(phone, id, body);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var detail = (await Json(response)).GetProperty("detail").GetString()!;
        Assert.Contains(expected, detail, StringComparison.Ordinal);
        Assert.EndsWith(".", detail.TrimEnd(), StringComparison.Ordinal);
        var lake = await owner.GetFromJsonAsync<JsonElement>($"/api/users/{id}/lake");
        Assert.Equal(first.GetProperty("lakeVersion").GetInt32(), lake.GetProperty("version").GetInt32());
        Assert.Equal(2, (await owner.GetFromJsonAsync<JsonElement>($"/api/users/{id}/daily?from=2024-01-20&to=2024-01-22")).GetArrayLength());
    }

    [Fact]
    public async Task TheTokenOpensNothingButItsOwnPushEndpoint()
    {
        var (id, owner, token) = await PersonWithTokenAsync();
        using var _ = owner;
        var (otherId, otherKey) = await api.CreateUserAsync("Other", "UTC");
        using var phone = api.Client(token.GetProperty("token").GetString());
        using var stranger = api.Client(otherKey);
        using var admin = api.Client(api.AdminKey);

        Assert.Equal(HttpStatusCode.Forbidden, (await phone.GetAsync($"/api/users/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await phone.GetAsync($"/api/users/{id}/daily")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await phone.GetAsync($"/api/users/{id}/ingest-tokens")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await phone.PostAsJsonAsync($"/api/users/{id}/ingest-tokens", new { name = "another" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await phone.PostAsJsonAsync($"/api/users/{id}/keys", new { name = "a key" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await phone.DeleteAsync($"/api/users/{id}")).StatusCode);
        using (var upload = new StringContent(File.ReadAllText(Fixture.Path(DailyBody)), Encoding.UTF8, "application/json"))
        {
            using var refused = await phone.PostAsync($"/api/users/{id}/imports", upload);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains("ingest token", (await Json(refused)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await PushFixtureAsync(phone, otherId)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PushFixtureAsync(stranger, id)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PushFixtureAsync(admin, $"a-ghost{Guid.NewGuid():N}"[..20])).StatusCode);
        // Its secret under an API key's prefix is no key: the account checks tokens and keys apart.
        using var disguised = api.Client("bio_" + token.GetProperty("token").GetString()!["bioin_".Length..]);
        Assert.Equal(HttpStatusCode.Unauthorized, (await disguised.GetAsync($"/api/users/{id}")).StatusCode);
        // Decided: the owner's own API key may push too (it can upload anyway), which is how to try it with curl.
        Assert.Equal(HttpStatusCode.Created, (await PushFixtureAsync(owner, id)).StatusCode);
        Assert.Equal(0, (await stranger.GetFromJsonAsync<JsonElement>($"/api/users/{otherId}/daily")).GetArrayLength());
    }

    [Fact]
    public async Task PushesAreAuditedUnderTheTokenAndErasingThePersonEndsTheTokens()
    {
        var (id, owner, token) = await PersonWithTokenAsync();
        using var _ = owner;
        using var phone = api.Client(token.GetProperty("token").GetString());
        var tokenId = token.GetProperty("tokenId").GetString();
        (await PushFixtureAsync(phone, id)).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Forbidden, (await phone.GetAsync($"/api/users/{id}/daily")).StatusCode);

        List<JsonElement> entries = [];
        await Poll.UntilAsync(async () =>
        {
            entries = [.. (await owner.GetFromJsonAsync<JsonElement>($"/api/users/{id}/audit")).EnumerateArray()];
            return entries.Count(e => e.GetProperty("actor").GetString() == "ingest-token") >= 2;
        }, TimeSpan.FromSeconds(30), "the push in the audit log");
        var push = entries.Single(e => e.GetProperty("action").GetString() == "POST /api/ingest/{userId}/apple-health");
        Assert.Equal(("ingest-token", tokenId, 201), (push.GetProperty("actor").GetString(), push.GetProperty("keyId").GetString(), push.GetProperty("status").GetInt32()));
        Assert.Contains(entries, e => e.GetProperty("actor").GetString() == "ingest-token" && e.GetProperty("status").GetInt32() == 403);
        Assert.DoesNotContain(token.GetProperty("token").GetString()!.Split('_')[3], string.Join("\n", entries.Select(e => e.GetRawText())), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await owner.DeleteAsync($"/api/users/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PushFixtureAsync(phone, id)).StatusCode);
    }

    [Fact]
    public async Task ATokenNeedsANameAndThereAreAtMostTen()
    {
        var (id, key) = await api.CreateUserAsync("Ada", "UTC");
        using var owner = api.Client(key);
        using var unnamed = await owner.PostAsJsonAsync($"/api/users/{id}/ingest-tokens", new { name = " " });
        Assert.Equal(HttpStatusCode.BadRequest, unnamed.StatusCode);
        Assert.Contains("name", (await Json(unnamed)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        for (var i = 0; i < 10; i++)
        {
            (await owner.PostAsJsonAsync($"/api/users/{id}/ingest-tokens", new { name = $"phone {i}" })).EnsureSuccessStatusCode();
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await owner.PostAsJsonAsync($"/api/users/{id}/ingest-tokens", new { name = "eleventh" })).StatusCode);
        Assert.Equal(10, (await owner.GetFromJsonAsync<JsonElement>($"/api/users/{id}/ingest-tokens")).GetArrayLength());
    }
}
