using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bio.Tests.Infrastructure;

namespace Bio.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class QueryApiTests(ApiFixture api)
{
    [Fact]
    public async Task ReadOnlySqlOverTheUsersOwnTablesAndARefusalWithAReason()
    {
        var (id, key) = await api.CreateUserAsync("Quinn", "UTC");
        using var client = api.Client(key);
        (await client.PostAsync($"/api/users/{id}/synthetic?days=60&seed=8", null)).EnsureSuccessStatusCode();

        using var ok = await client.PostAsJsonAsync($"/api/users/{id}/query", new { sql = "SELECT count(*) AS days, round(avg(hrv_rmssd_ms), 1) AS hrv FROM daily" });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var result = await ok.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(60, result.GetProperty("rows")[0][0].GetInt64());
        Assert.Equal(["days", "hrv"], result.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()!).ToArray());

        using var refused = await client.PostAsJsonAsync($"/api/users/{id}/query", new { sql = "SELECT * FROM read_csv('/etc/passwd')" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Table functions", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);

        var schema = await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/schema");
        Assert.Contains(schema.EnumerateArray(), t => t.GetProperty("name").GetString() == "hrv_status" && t.GetProperty("rows").GetInt64() == 60);
    }
}
