using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Bio.Tests.Api;

/// <summary>A Bio with no device-cloud credentials (the default): every provider says "not configured", and connecting one says why, never an error page.</summary>
[Collection(ApiCollection.Name)]
public sealed class ConnectionsNotConfiguredTests(ApiFixture api)
{
    [Fact]
    public async Task WithoutCredentialsEveryProviderIsNotConfiguredAndConnectingSaysWhy()
    {
        var (id, key) = await api.CreateUserAsync();
        using var client = api.Client(key);

        var connections = await client.GetFromJsonAsync<List<JsonElement>>($"/api/users/{id}/connections");
        Assert.Equal(["oura", "whoop"], connections!.Select(c => c.GetProperty("provider").GetString()).Order());
        Assert.All(connections!, c => Assert.Equal("not_configured", c.GetProperty("state").GetString()));
        Assert.All(connections!, c => Assert.Equal(JsonValueKind.Null, c.GetProperty("lastError").ValueKind));

        using var connect = await client.PostAsync($"/api/users/{id}/connections/oura", null);
        Assert.Equal(HttpStatusCode.BadRequest, connect.StatusCode);
        Assert.Equal("application/problem+json", connect.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Oura is not configured on this Bio", await connect.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
