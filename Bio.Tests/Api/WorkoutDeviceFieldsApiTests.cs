using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bio.Tests.AgentBank;

namespace Bio.Tests.Api;

/// <summary>The device's own workout fields over HTTP: the workouts listing, SQL, and an export restored into a new account.</summary>
[Collection(ApiCollection.Name)]
public sealed class WorkoutDeviceFieldsApiTests(ApiFixture api)
{
    private const string Sql = "SELECT start_utc, source, discipline, activity, instructor, live, device_strain FROM workouts ORDER BY start_utc, source";

    private static async Task UploadAsync(HttpClient client, string id, string file)
    {
        using var upload = new MultipartFormDataContent { { new ByteArrayContent(await File.ReadAllBytesAsync(file)), "file", Path.GetFileName(file) } };
        using var response = await client.PostAsync($"/api/users/{id}/imports", upload);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private static async Task<string> QueryAsync(HttpClient client, string id)
    {
        using var response = await client.PostAsJsonAsync($"/api/users/{id}/query", new { sql = Sql });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task AnExportRestoredIntoANewAccountKeepsEachWorkoutsActivityInstructorLiveFlagAndStrain()
    {
        var (id, key) = await api.CreateUserAsync("Original", "UTC");
        using var original = api.Client(key);
        await UploadAsync(original, id, Path.Combine(Bank.Directory, "exports", "peloton", "peloton_workouts.csv"));
        await UploadAsync(original, id, Bank.Uploads("whoop-b").Single());

        var workouts = await original.GetFromJsonAsync<JsonElement>($"/api/users/{id}/workouts");
        var cody = workouts.EnumerateArray().Where(w => w.GetProperty("source").GetString() == "peloton" && w.GetProperty("instructor").GetString() == "Cody Rigsby").ToList();
        Assert.NotEmpty(cody);
        Assert.All(cody, w => Assert.Equal("Cycling", w.GetProperty("activity").GetString()));
        Assert.Contains(workouts.EnumerateArray(), w => w.GetProperty("live").ValueKind == JsonValueKind.True);
        var hike = workouts.EnumerateArray().First(w => w.GetProperty("activity").GetString() == "Hiking/Rucking");
        Assert.Equal(("walking", "whoop"), (hike.GetProperty("discipline").GetString(), hike.GetProperty("source").GetString()));
        Assert.True(hike.GetProperty("deviceStrain").GetDouble() > 0);
        var before = await QueryAsync(original, id);

        var zip = await original.GetByteArrayAsync($"/api/users/{id}/export");
        var (copy, copyKey) = await api.CreateUserAsync("Restored", "UTC");
        using var restored = api.Client(copyKey);
        using (var content = new MultipartFormDataContent { { new ByteArrayContent(zip), "file", "bio-export.zip" } })
        using (var response = await restored.PostAsync($"/api/users/{copy}/imports", content))
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            Assert.Equal("bio-export", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("source").GetString());
        }

        Assert.Equal(await original.GetStringAsync($"/api/users/{id}/workouts"), await restored.GetStringAsync($"/api/users/{copy}/workouts"));
        Assert.Equal(before, await QueryAsync(restored, copy));
        Assert.Contains("\"Cody Rigsby\"", before, StringComparison.Ordinal);
        Assert.Contains("\"Hiking/Rucking\"", before, StringComparison.Ordinal);
    }
}
