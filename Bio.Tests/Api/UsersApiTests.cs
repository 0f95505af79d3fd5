using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Blobs;
using Bio.Tests.Infrastructure;

namespace Bio.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class UsersApiTests(ApiFixture api, AzuriteFixture azurite)
{
    private static string NewId() => "a-" + Guid.NewGuid().ToString("N")[..16];

    [Fact]
    public async Task AdminCreatesAUserAnd201CarriesTheKeyOnce()
    {
        using var admin = api.Client(api.AdminKey);
        var id = NewId();

        using var response = await admin.PostAsJsonAsync("/api/users", new { id, displayName = "Ada", timeZone = "Europe/London" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/users/{id}", response.Headers.Location?.ToString());
        var body = await response.Content.ReadFromJsonAsync<ApiFixture.CreatedUser>();
        Assert.Equal(id, body!.Id);
        Assert.StartsWith($"bio_{id}_", body.ApiKey, StringComparison.Ordinal);

        using var self = api.Client(body.ApiKey);
        var profile = await self.GetFromJsonAsync<JsonElement>($"/api/users/{id}");
        Assert.Equal("Ada", profile.GetProperty("displayName").GetString());
        Assert.Equal("Europe/London", profile.GetProperty("timeZone").GetString());
        Assert.False(profile.TryGetProperty("apiKey", out _));
    }

    [Fact]
    public async Task AUserWithoutAnIdGetsAGeneratedOne()
    {
        using var admin = api.Client(api.AdminKey);
        using var response = await admin.PostAsJsonAsync("/api/users", new { displayName = "Nameless", timeZone = "UTC" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<ApiFixture.CreatedUser>();
        Assert.Matches("^u-[0-9a-f]{16}$", body!.Id);
    }

    [Fact]
    public async Task OnlyASaltedHashOfTheKeyIsStored()
    {
        var (_, key) = await api.CreateUserAsync();
        var parts = key.Split('_'); // bio_{userId}_{keyId}_{secret}; a user id has no '_'
        var (keyId, secret) = (parts[^2], parts[^1]);

        var blobs = new BlobServiceClient(azurite.ConnectionString);
        var holdingTheKey = new List<string>();
        await foreach (var container in blobs.GetBlobContainersAsync())
        {
            var client = blobs.GetBlobContainerClient(container.Name);
            await foreach (var blob in client.GetBlobsAsync())
            {
                var content = (await client.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToString();
                Assert.DoesNotContain(secret, content, StringComparison.Ordinal);
                Assert.DoesNotContain(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(secret)), content, StringComparison.Ordinal);
                if (content.Contains(keyId, StringComparison.Ordinal))
                {
                    holdingTheKey.Add(blob.Name);
                }
            }
        }

        // The key's stored record (its id, salt and hash) was among the blobs read: the search looked where the key is kept.
        Assert.NotEmpty(holdingTheKey);
    }

    [Fact]
    public async Task CreatingWithoutAKeyIs401ProblemJson()
    {
        using var anonymous = api.Client();
        using var response = await anonymous.PostAsJsonAsync("/api/users", new { displayName = "Eve", timeZone = "UTC" });
        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreatingWithAUserKeyIs403()
    {
        var (_, key) = await api.CreateUserAsync();
        using var user = api.Client(key);
        using var response = await user.PostAsJsonAsync("/api/users", new { displayName = "Mallory", timeZone = "UTC" });
        await AssertProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("Bad_Id", "Ada", "UTC", "id")]
    [InlineData(null, "Ada", "Mars/Olympus_Mons", "timeZone")]
    [InlineData(null, "Ada", "W. Europe Standard Time", "timeZone")]
    [InlineData(null, "", "UTC", "displayName")]
    [InlineData(null, null, "UTC", "displayName")]
    public async Task CreatingAnInvalidUserIs400WithTheFieldNamed(string? id, string? displayName, string timeZone, string field)
    {
        using var admin = api.Client(api.AdminKey);
        using var response = await admin.PostAsJsonAsync("/api/users", new { id, displayName, timeZone });
        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task CreatingAnExistingUserIs409()
    {
        var (id, _) = await api.CreateUserAsync();
        using var admin = api.Client(api.AdminKey);
        using var response = await admin.PostAsJsonAsync("/api/users", new { id, displayName = "Again", timeZone = "UTC" });
        await AssertProblemAsync(response, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task ReadingAProfileWithoutAKeyIs401()
    {
        var (id, _) = await api.CreateUserAsync();
        using var anonymous = api.Client();
        await AssertProblemAsync(await anonymous.GetAsync($"/api/users/{id}"), HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("not-a-key")]
    [InlineData("bio_ghost_0123456789ab_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public async Task AnUnknownOrMalformedKeyIs401(string key)
    {
        var (id, _) = await api.CreateUserAsync();
        using var client = api.Client(key);
        await AssertProblemAsync(await client.GetAsync($"/api/users/{id}"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ANonBearerAuthorizationHeaderIs401()
    {
        var (id, key) = await api.CreateUserAsync();
        using var client = api.Client();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Basic " + key);
        await AssertProblemAsync(await client.GetAsync($"/api/users/{id}"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AKeyWithAForgedSecretIs401()
    {
        var (id, key) = await api.CreateUserAsync();
        var forged = key[..^1] + (key[^1] == '0' ? '1' : '0');
        using var client = api.Client(forged);
        await AssertProblemAsync(await client.GetAsync($"/api/users/{id}"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AUserReadingAnotherUsersProfileIs403()
    {
        var (alice, _) = await api.CreateUserAsync("Alice");
        var (_, bobKey) = await api.CreateUserAsync("Bob");
        using var bob = api.Client(bobKey);

        var problem = await AssertProblemAsync(await bob.GetAsync($"/api/users/{alice}"), HttpStatusCode.Forbidden);
        Assert.DoesNotContain("Alice", problem.ToString(), StringComparison.Ordinal);
        // Whether or not the other user exists, the answer is the same.
        await AssertProblemAsync(await bob.GetAsync($"/api/users/{NewId()}"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AdminReadsAnyProfileAndAMissingOneIs404()
    {
        var (id, _) = await api.CreateUserAsync("Grace");
        using var admin = api.Client(api.AdminKey);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/users/{id}")).StatusCode);
        await AssertProblemAsync(await admin.GetAsync($"/api/users/{NewId()}"), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("UPPER")]
    [InlineData("under_score")]
    [InlineData("-leading")]
    public async Task ABadUserIdInThePathIs400(string id)
    {
        var (_, key) = await api.CreateUserAsync();
        using var user = api.Client(key);
        using var admin = api.Client(api.AdminKey);
        await AssertProblemAsync(await user.GetAsync($"/api/users/{id}"), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await admin.GetAsync($"/api/users/{id}"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesTheUserEndpointsAndTheBrowsableUiIsServed()
    {
        using var client = api.Client();
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/users", out var users));
        Assert.True(users.TryGetProperty("post", out _));
        Assert.True(paths.TryGetProperty("/api/users/{userId}", out var user));
        Assert.True(user.TryGetProperty("get", out _));
        Assert.True(document.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("Bearer", out _));

        using var ui = await client.GetAsync("/docs/index.html");
        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
        Assert.Contains("swagger", await ui.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task HealthIsHealthyWhileStorageAnswersAndAliveAnswers()
    {
        using var client = api.Client();
        Assert.Equal("Healthy", await client.GetStringAsync("/health"));
        Assert.Equal("Healthy", await client.GetStringAsync("/alive"));
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        using (response)
        {
            Assert.Equal(expected, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
            Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()), "problem+json must carry a human sentence in 'detail'");
            return problem;
        }
    }
}
