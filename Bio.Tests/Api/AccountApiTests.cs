using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Bio.Core.Lake;
using Bio.Tests.Infrastructure;

namespace Bio.Tests.Api;

/// <summary>The account's own endpoints: change the profile, export everything, erase everything.</summary>
[Collection(ApiCollection.Name)]
public sealed class AccountApiTests(ApiFixture api, Bio.Tests.Infrastructure.AzuriteFixture azurite)
{
    [Fact]
    public async Task TheProfileCanBeRenamedAndMovedToAnotherTimeZone()
    {
        var (id, key) = await api.CreateUserAsync("Old Name", "Europe/Berlin");
        using var client = api.Client(key);
        using var patched = await client.PatchAsJsonAsync($"/api/users/{id}", new { displayName = "New Name", timeZone = "America/New_York" });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var profile = await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}");
        Assert.Equal("New Name", profile.GetProperty("displayName").GetString());
        Assert.Equal("America/New_York", profile.GetProperty("timeZone").GetString());

        using var bad = await client.PatchAsJsonAsync($"/api/users/{id}", new { timeZone = "Mars/Olympus" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("Mars/Olympus", (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AKeyCanBeRotatedAndTheOldOneStopsWorkingAtOnce()
    {
        var (id, first) = await api.CreateUserAsync("Rotator", "UTC");
        using var old = api.Client(first);
        using var created = await old.PostAsJsonAsync($"/api/users/{id}/keys", new { name = "laptop" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var issued = await created.Content.ReadFromJsonAsync<JsonElement>();
        var second = issued.GetProperty("apiKey").GetString()!;
        Assert.StartsWith($"bio_{id}_", second, StringComparison.Ordinal);

        using var fresh = api.Client(second);
        var keys = await fresh.GetFromJsonAsync<JsonElement>($"/api/users/{id}/keys");
        Assert.Equal(["first key", "laptop"], keys.EnumerateArray().Select(k => k.GetProperty("name").GetString()));
        Assert.DoesNotContain(second.Split('_')[3], keys.GetRawText(), StringComparison.Ordinal); // never the secret

        var firstId = first.Split('_')[2];
        Assert.Equal(HttpStatusCode.NoContent, (await fresh.DeleteAsync($"/api/users/{id}/keys/{firstId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await old.GetAsync($"/api/users/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync($"/api/users/{id}")).StatusCode);

        // The last key cannot be revoked, an unknown one is 404, and a name is required.
        using var last = await fresh.DeleteAsync($"/api/users/{id}/keys/{second.Split('_')[2]}");
        Assert.Equal(HttpStatusCode.BadRequest, last.StatusCode);
        Assert.Contains("only key", (await last.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await fresh.DeleteAsync($"/api/users/{id}/keys/000000000000")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await fresh.PostAsJsonAsync($"/api/users/{id}/keys", new { name = " " })).StatusCode);

        // Another person's key reaches none of it.
        var (_, strangerKey) = await api.CreateUserAsync("Stranger", "UTC");
        using var stranger = api.Client(strangerKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.GetAsync($"/api/users/{id}/keys")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.PostAsJsonAsync($"/api/users/{id}/keys", new { name = "mine now" })).StatusCode);
    }

    [Fact]
    public async Task TheExportHoldsEveryStoredFileWithAManifestOfHashes()
    {
        var (id, key) = await api.CreateUserAsync("Exporter", "UTC");
        using var client = api.Client(key);
        (await client.PostAsync($"/api/users/{id}/synthetic?days=40&seed=8", null)).EnsureSuccessStatusCode();
        using var upload = new MultipartFormDataContent { { new ByteArrayContent("date,hrv_rmssd_ms\n2020-01-01,50\n"u8.ToArray()), "file", "old.csv" } };
        (await client.PostAsync($"/api/users/{id}/imports", upload)).EnsureSuccessStatusCode();
        // The audit log is written behind the requests: wait for it, so the export and the listing below see the same files.
        var audit = new Bio.Core.Audit.AuditStore(new BlobServiceClient(azurite.ConnectionString));
        await Poll.UntilAsync(async () => (await audit.ReadAsync(id)).Count >= 2, TimeSpan.FromSeconds(30), "the audit log of the uploads");

        using var response = await client.GetAsync($"/api/users/{id}/export");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith($"bio-export-{id}-", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'), StringComparison.Ordinal);
        await using var zipStream = await response.Content.ReadAsStreamAsync();
        using var zip = new ZipArchive(zipStream, ZipArchiveMode.Read);
        var manifest = JsonDocument.Parse(zip.GetEntry("manifest.json")!.Open()).RootElement;
        var files = manifest.GetProperty("files").EnumerateArray().ToList();

        // Every blob under the person's prefix is in it, byte for byte.
        var stored = await new LakeStore(new BlobServiceClient(azurite.ConnectionString)).ListAsync(id);
        Assert.Equal(stored.Select(n => "data/" + n[(id.Length + 1)..]).Order(StringComparer.Ordinal),
            files.Select(f => f.GetProperty("path").GetString()!).Where(p => p.StartsWith("data/", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Contains(files, f => f.GetProperty("path").GetString()!.Contains("/bronze/", StringComparison.Ordinal));
        Assert.Contains(files, f => f.GetProperty("path").GetString()!.EndsWith("/gold/hrv_status.parquet", StringComparison.Ordinal));
        foreach (var f in files)
        {
            var entry = zip.GetEntry(f.GetProperty("path").GetString()!)!;
            using var s = entry.Open();
            Assert.Equal(f.GetProperty("sha256").GetString(), Convert.ToHexStringLower(await SHA256.HashDataAsync(s)));
        }

        Assert.Equal(id, JsonDocument.Parse(zip.GetEntry("profile.json")!.Open()).RootElement.GetProperty("id").GetString());
        Assert.Equal(2, JsonDocument.Parse(zip.GetEntry("imports.json")!.Open()).RootElement.GetArrayLength());
    }

    [Fact]
    public async Task AnExportUploadedIntoANewUserRestoresIdenticalGold()
    {
        var (id, key) = await api.CreateUserAsync("Original", "Europe/Berlin");
        using var original = api.Client(key);
        (await original.PostAsync($"/api/users/{id}/synthetic?days=150&seed=12", null)).EnsureSuccessStatusCode();
        using var upload = new MultipartFormDataContent { { new ByteArrayContent("date,hrv_rmssd_ms\n2020-01-01,50\n2020-01-02,55\n"u8.ToArray()), "file", "old.csv" } };
        (await original.PostAsync($"/api/users/{id}/imports", upload)).EnsureSuccessStatusCode();
        (await original.PostAsJsonAsync($"/api/users/{id}/journal", new { date = "2020-01-02", text = "Flew home, two beers on the plane" })).EnsureSuccessStatusCode();
        (await original.PostAsJsonAsync($"/api/users/{id}/feedback", new { date = "2020-01-02", energy = 2, mood = 3 })).EnsureSuccessStatusCode();
        (await original.GetAsync($"/api/users/{id}/reports/{Bio.Core.Reports.WeeklyReports.LastCompleteWeekEnding(api.Clock.Today("Europe/Berlin")):yyyy-MM-dd}")).EnsureSuccessStatusCode();
        var zip = await original.GetByteArrayAsync($"/api/users/{id}/export");

        var (copy, copyKey) = await api.CreateUserAsync("Restored", "Europe/Berlin");
        using var restored = api.Client(copyKey);
        using var content = new MultipartFormDataContent { { new ByteArrayContent(zip), "file", "bio-export.zip" } };
        using var response = await restored.PostAsync($"/api/users/{copy}/imports", content);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("bio-export", report.GetProperty("source").GetString());
        Assert.Equal(1, report.GetProperty("lakeVersion").GetInt32());

        foreach (var view in Bio.Core.Lake.LakeTables.GoldViewNames)
        {
            Assert.Equal(await original.GetStringAsync($"/api/users/{id}/gold/{view}"), await restored.GetStringAsync($"/api/users/{copy}/gold/{view}"));
        }

        Assert.Equal(await original.GetStringAsync($"/api/users/{id}/daily"), await restored.GetStringAsync($"/api/users/{copy}/daily"));
        Assert.Equal(await original.GetStringAsync($"/api/users/{id}/status"), await restored.GetStringAsync($"/api/users/{copy}/status"));
        // The journal and the feedback came along too.
        Assert.Contains("two beers", await restored.GetStringAsync($"/api/users/{copy}/journal"), StringComparison.Ordinal);
        Assert.Equal(await original.GetStringAsync($"/api/users/{id}/journal"), await restored.GetStringAsync($"/api/users/{copy}/journal"));
        Assert.Equal(await original.GetStringAsync($"/api/users/{id}/feedback"), await restored.GetStringAsync($"/api/users/{copy}/feedback"));
        Assert.NotEqual("[]", await restored.GetStringAsync($"/api/users/{copy}/feedback"));
        // The raw uploads and the reports came along.
        var lake = new LakeStore(new BlobServiceClient(azurite.ConnectionString));
        var files = await lake.ListAsync(copy);
        Assert.Contains(files, f => f.Contains("/bronze/", StringComparison.Ordinal) && f.EndsWith(".csv", StringComparison.Ordinal));
        Assert.Contains(files, f => f.Contains("/reports/", StringComparison.Ordinal));
        Assert.NotEmpty((await restored.GetFromJsonAsync<JsonElement>($"/api/users/{copy}/reports")).EnumerateArray());

        // Into an account that has data it is refused, with the reason, and nothing changes.
        using var again = new MultipartFormDataContent { { new ByteArrayContent(zip), "file", "bio-export.zip" } };
        using var refused = await original.PostAsync($"/api/users/{id}/imports", again);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("new, empty account", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportsTakenWhileThePersonKeepsWritingAnswerWholeZipsThatMatchTheirManifest()
    {
        var (id, key) = await api.CreateUserAsync("Busy", "Europe/Berlin");
        using var client = api.Client(key);
        // Four fixed weeks, Monday 2026-03-02 to Sunday 2026-03-29: the reports' weeks lie inside them, whatever today is.
        var first = new DateOnly(2026, 3, 2);
        using var imported = await client.PostAsync($"/api/users/{id}/imports", Csv(first, round: 0));
        imported.EnsureSuccessStatusCode();
        var now = (await imported.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("importedAt").GetDateTimeOffset(); // the server's clock
        (await client.GetAsync($"/api/users/{id}/reports/2026-03-22")).EnsureSuccessStatusCode();

        // Rounds of writes, each changing blobs an export lists (the person's grain takes them one after another).
        var writing = Task.Run(async () =>
        {
            for (var round = 1; round <= 4; round++)
            {
                var day = first.AddDays(7 + round).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                await Task.WhenAll([
                    Succeeds(client.PostAsync($"/api/users/{id}/imports", Csv(first, round))), // a new bronze blob and lake version
                    Succeeds(client.PostAsync($"/api/users/{id}/imports", Csv(first, round - 1))), // sent again: its bronze blob's status is set again
                    Succeeds(client.PostAsJsonAsync($"/api/users/{id}/journal", new { date = day, text = "Stressful day, two glasses of wine" })),
                    Succeeds(client.PostAsJsonAsync($"/api/users/{id}/feedback", new { date = day, energy = 1 + (round % 5), mood = 3 })),
                    Succeeds(client.GetAsync($"/api/users/{id}/reports/2026-03-29")), // written if missing
                    .. Enumerable.Range(0, 8).Select(k => // each week's stored report written again
                        Succeeds(client.PostAsync($"/api/users/{id}/reports/{first.AddDays(6 + (k % 4 * 7)):yyyy-MM-dd}", null))),
                ]);
            }
        });

        // The person's audit log grows with every request, and other API replicas append to it as well.
        var audit = new Bio.Core.Audit.AuditStore(new BlobServiceClient(azurite.ConnectionString));
        var appending = Task.Run(async () =>
        {
            while (!writing.IsCompleted)
            {
                await audit.AppendAsync(id, new Bio.Core.Audit.AuditEntry(now, id, null, "GET /api/users/{userId}/status", 200),
                    () => Task.FromResult(true));
            }
        });

        // Meanwhile three exporters export again and again, and every export answers a whole zip.
        await Task.WhenAll(Enumerable.Range(0, 3).Select(async _ =>
        {
            do
            {
                await ExportIsWholeAsync(client, id);
            }
            while (!writing.IsCompleted);
        }));
        await Task.WhenAll(writing, appending);

        // Once the writes have stopped, the export holds everything stored, byte for byte.
        var stored = await new LakeStore(new BlobServiceClient(azurite.ConnectionString)).ListAsync(id);
        var files = await ExportIsWholeAsync(client, id);
        Assert.Superset(stored.Where(n => !n.Contains("/audit/", StringComparison.Ordinal)).Select(n => "data/" + n[(id.Length + 1)..]).ToHashSet(StringComparer.Ordinal),
            files.ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>A small daily CSV of 28 fixed days; each round changes one day's HRV, so its bytes (and its bronze blob) are new.</summary>
    private static MultipartFormDataContent Csv(DateOnly first, int round)
    {
        var text = new StringBuilder("date,hrv_rmssd_ms,resting_hr_bpm,sleep_minutes\n");
        for (var d = 0; d < 28; d++)
        {
            var hrv = 48 + (d * 7 % 11) + (d == round ? 5 : 0);
            text.Append(CultureInfo.InvariantCulture, $"{first.AddDays(d):yyyy-MM-dd},{hrv},{55 + (d % 4)},{420 + (d * 13 % 60)}\n");
        }

        return new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(text.ToString())), "file", $"days-{round}.csv" } };
    }

    private static async Task Succeeds(Task<HttpResponseMessage> request)
    {
        using var response = await request;
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>
    /// Exports and checks the zip holds what its manifest says: each file once, with its size and SHA-256; each lake version's
    /// Parquet as that version's own manifest hashed it; each audit log in whole lines. Returns the manifest's data/ paths.
    /// </summary>
    private static async Task<List<string>> ExportIsWholeAsync(HttpClient client, string id)
    {
        using var response = await client.GetAsync($"/api/users/{id}/export");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"The export answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);
        using var manifest = JsonDocument.Parse(zip.GetEntry("manifest.json")!.Open());
        var files = manifest.RootElement.GetProperty("files").EnumerateArray()
            .Select(f => (Path: f.GetProperty("path").GetString()!, Bytes: f.GetProperty("bytes").GetInt64(), Sha256: f.GetProperty("sha256").GetString()!)).ToList();
        Assert.Equal(zip.Entries.Select(e => e.FullName).Where(n => n != "manifest.json").Order(StringComparer.Ordinal), files.Select(f => f.Path).Order(StringComparer.Ordinal));

        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, bytes, sha256) in files)
        {
            var content = new MemoryStream();
            await using (var entry = zip.GetEntry(path)!.Open())
            {
                await entry.CopyToAsync(content);
            }

            Assert.Equal(bytes, content.Length);
            Assert.Equal(sha256, Convert.ToHexStringLower(SHA256.HashData(content.ToArray())));
            hashes[path] = sha256;
            if (path.StartsWith("data/audit/", StringComparison.Ordinal))
            {
                var text = Encoding.UTF8.GetString(content.ToArray());
                Assert.EndsWith("\n", text, StringComparison.Ordinal);
                Assert.All(text.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => JsonDocument.Parse(line).Dispose());
            }
        }

        foreach (var (path, _, _) in files.Where(f => f.Path.StartsWith("data/v", StringComparison.Ordinal) && f.Path.EndsWith("/_manifest.json", StringComparison.Ordinal)))
        {
            var version = JsonSerializer.Deserialize<LakeManifest>(zip.GetEntry(path)!.Open(), JsonSerializerOptions.Web)!;
            Assert.All(version.Tables, t => Assert.Equal(t.Sha256, hashes.GetValueOrDefault("data/" + t.Path[(id.Length + 1)..])));
        }

        return [.. files.Select(f => f.Path).Where(p => p.StartsWith("data/", StringComparison.Ordinal))];
    }

    [Fact]
    public async Task DeletingAUserErasesTheirFilesAndTheirKeyStopsWorking()
    {
        var (id, key) = await api.CreateUserAsync("Leaver", "UTC");
        var (otherId, otherKey) = await api.CreateUserAsync("Stayer", "UTC");
        using var client = api.Client(key);
        using var other = api.Client(otherKey);
        (await client.PostAsync($"/api/users/{id}/synthetic?days=30&seed=9", null)).EnsureSuccessStatusCode();
        (await other.PostAsync($"/api/users/{otherId}/synthetic?days=30&seed=9", null)).EnsureSuccessStatusCode();
        var lake = new LakeStore(new BlobServiceClient(azurite.ConnectionString));
        Assert.NotEmpty(await lake.ListAsync(id));
        // (the other person's audit log grows with their own requests; everything else of theirs stays)
        static List<string> Data(List<string> names) => [.. names.Where(n => !n.Contains("/audit/", StringComparison.Ordinal))];
        var othersBefore = Data(await lake.ListAsync(otherId));

        Assert.Equal(HttpStatusCode.Forbidden, (await other.DeleteAsync($"/api/users/{id}")).StatusCode);
        using var deleted = await client.DeleteAsync($"/api/users/{id}");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.True((await deleted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("filesDeleted").GetInt32() > 0);

        Assert.Empty(await lake.ListAsync(id));
        Assert.Equal(othersBefore, Data(await lake.ListAsync(otherId)));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync($"/api/users/{id}")).StatusCode);
        using var admin = api.Client(api.AdminKey);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/users/{id}")).StatusCode);
    }
}
