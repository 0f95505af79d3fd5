using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;

namespace Bio.Tests.Api;

/// <summary>Per-key limits: over the limit a key gets 429 with Retry-After and a sentence; other keys carry on.</summary>
[Collection(ApiCollection.Name)]
public sealed class RateLimitTests(ApiFixture api)
{
    [Fact]
    public async Task AKeyOverItsLimitWaitsAndTheOthersDoNot()
    {
        // The same API and silo, with a limit of 5 a minute.
        await using var limited = api.Factory.WithWebHostBuilder(b => b.UseSetting("RateLimits:PermitsPerMinute", "5"));
        var (id, key) = await api.CreateUserAsync("Busy", "UTC");
        HttpClient Client(string bearer)
        {
            var client = limited.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            return client;
        }

        using var first = Client(key);
        using var created = await first.PostAsJsonAsync($"/api/users/{id}/keys", new { name = "second" });
        var second = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetString()!;

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var r = await first.GetAsync($"/api/users/{id}");
            statuses.Add(r.StatusCode);
        }

        // One request went to creating the second key: four more pass, then the bucket is empty.
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], statuses.Take(4));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        using var refused = await first.GetAsync($"/api/users/{id}");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "no Retry-After");
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("more than 5 requests in a minute", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);

        // The person's other key, and other people, are not held back.
        using var other = Client(second);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync($"/api/users/{id}")).StatusCode);
        var (otherId, otherKey) = await api.CreateUserAsync("Calm", "UTC");
        using var calm = Client(otherKey);
        Assert.Equal(HttpStatusCode.OK, (await calm.GetAsync($"/api/users/{otherId}")).StatusCode);
    }
}
