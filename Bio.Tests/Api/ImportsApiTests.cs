using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Blobs;
using Bio.Core.Lake;
using Bio.Tests.AgentBank;
using Bio.Tests.Infrastructure;
using Bio.Tests.Ingest;

namespace Bio.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class ImportsApiTests(ApiFixture api, AzuriteFixture azurite)
{
    private static MultipartFormDataContent Multipart(string fixture, string? name = null)
    {
        var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(File.ReadAllBytes(Fixture.Path(fixture)));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(file, "file", name ?? Path.GetFileName(fixture));
        return content;
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    [Fact]
    public async Task UploadReportDailyRowsAndLakeManifestEndToEnd()
    {
        var (id, key) = await api.CreateUserAsync("Whitney", "America/Los_Angeles");
        using var client = api.Client(key);

        using var upload = await client.PostAsync($"/api/users/{id}/imports", Multipart("whoop/my_whoop_data_2024_11_05.zip"));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var report = await Json(upload);
        Assert.Equal("completed", report.GetProperty("status").GetString());
        Assert.Equal("whoop", report.GetProperty("source").GetString());
        var read = report.GetProperty("rowsRead").GetInt64();
        Assert.Equal(14, read);
        Assert.Equal(read, report.GetProperty("rowsAccepted").GetInt64() + report.GetProperty("rowsQuarantined").GetInt64() + report.GetProperty("rowsDuplicate").GetInt64());
        Assert.Equal(1, report.GetProperty("lakeVersion").GetInt32());
        Assert.Equal("2024-10-30", report.GetProperty("firstDate").GetString());
        Assert.Equal("2024-11-05", report.GetProperty("lastDate").GetString());
        Assert.True(report.GetProperty("reasons").TryGetProperty("out of range", out _));

        var daily = await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/daily?from=2024-11-05&to=2024-11-05");
        var day = Assert.Single(daily.EnumerateArray());
        Assert.Equal(64, day.GetProperty("values").GetProperty("hrv_rmssd_ms").GetDouble());
        Assert.Equal("whoop", day.GetProperty("sources").GetProperty("hrv_rmssd_ms").GetString());

        var workouts = await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/workouts");
        Assert.Equal(3, workouts.GetArrayLength());

        var lake = await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/lake");
        Assert.Equal(1, lake.GetProperty("version").GetInt32());
        var tables = lake.GetProperty("tables").EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToList();
        Assert.Contains("daily", tables);
        Assert.Contains("weekly_trends", tables);

        var quarantine = await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/quarantine");
        Assert.Contains(quarantine.EnumerateArray(), q => q.GetProperty("reason").GetString()!.Contains("hrv_rmssd_ms = 999", StringComparison.Ordinal));

        var history = await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/imports");
        Assert.Equal(report.GetProperty("importId").GetString(), Assert.Single(history.EnumerateArray()).GetProperty("importId").GetString());
    }

    [Fact]
    public async Task ARetriedUploadWithItsIdempotencyKeyImportsOnce()
    {
        var (id, key) = await api.CreateUserAsync();
        using var client = api.Client(key);
        async Task<HttpResponseMessage> Upload(string idempotencyKey, string fixture)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/users/{id}/imports") { Content = Multipart(fixture) };
            request.Headers.Add("Idempotency-Key", idempotencyKey);
            return await client.SendAsync(request);
        }

        // Two attempts at once (a client that timed out and retried while the first was still running), then a third.
        var attempts = await Task.WhenAll(Upload("upload-1", "whoop/my_whoop_data_2024_11_05.zip"), Upload("upload-1", "whoop/my_whoop_data_2024_11_05.zip"));
        using var third = await Upload("upload-1", "whoop/my_whoop_data_2024_11_05.zip");
        var reports = new List<JsonElement>();
        foreach (var r in attempts.Append(third))
        {
            Assert.Equal(HttpStatusCode.Created, r.StatusCode);
            reports.Add(await Json(r));
        }

        Assert.Single(reports.Select(r => r.GetProperty("importId").GetString()).Distinct());
        Assert.Equal("true", third.Headers.GetValues("Idempotent-Replayed").Single());
        var history = await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/imports");
        Assert.Equal(1, history.GetArrayLength());

        // Another key is another import (all duplicates of the first, so nothing doubles).
        using var other = await Upload("upload-2", "whoop/my_whoop_data_2024_11_05.zip");
        var second = await Json(other);
        Assert.NotEqual(reports[0].GetProperty("importId").GetString(), second.GetProperty("importId").GetString());
        Assert.Equal(0, second.GetProperty("rowsAccepted").GetInt64());
        Assert.Equal(reports[0].GetProperty("lakeVersion").GetInt32(), second.GetProperty("lakeVersion").GetInt32());

        using var tooLong = await Upload(new string('k', 201), "whoop/my_whoop_data_2024_11_05.zip");
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
    }

    [Fact]
    public async Task TheSameFileTwiceIsAllDuplicatesAndKeepsTheGoldVersion()
    {
        var (id, key) = await api.CreateUserAsync();
        using var client = api.Client(key);

        var first = await Json(await client.PostAsync($"/api/users/{id}/imports", Multipart("oura/oura-trends-2022.csv")));
        var second = await Json(await client.PostAsync($"/api/users/{id}/imports?source=oura", Multipart("oura/oura-trends-2022.csv", "again.csv")));

        Assert.Equal(0, second.GetProperty("rowsAccepted").GetInt64());
        Assert.Equal(first.GetProperty("rowsAccepted").GetInt64() + first.GetProperty("rowsDuplicate").GetInt64(), second.GetProperty("rowsDuplicate").GetInt64());
        Assert.Equal(first.GetProperty("lakeVersion").GetInt32(), second.GetProperty("lakeVersion").GetInt32());
        Assert.Equal(first.GetProperty("bronzePath").GetString(), second.GetProperty("bronzePath").GetString());
    }

    [Fact]
    public async Task RebuildingFromTheSameBronzeGivesTheSameGoldBytes()
    {
        async Task<Dictionary<string, string>> GoldOf(string[] files)
        {
            var (id, key) = await api.CreateUserAsync();
            using var client = api.Client(key);
            foreach (var file in files)
            {
                using var upload = await client.PostAsync($"/api/users/{id}/imports", Multipart(file));
                Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
            }

            var lake = await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/lake");
            return lake.GetProperty("tables").EnumerateArray()
                .Where(t => t.GetProperty("layer").GetString() == "gold" || t.GetProperty("name").GetString() is "daily" or "workouts" or "journal")
                .ToDictionary(t => t.GetProperty("name").GetString()!, t => t.GetProperty("sha256").GetString()!);
        }

        string[] files = ["whoop/my_whoop_data_2024_11_05.zip", "oura/oura-trends-2022.csv", "peloton/workouts-us.csv"];
        var first = await GoldOf(files);
        var second = await GoldOf(files);

        Assert.Equal(3 + LakeTables.GoldViewNames.Count, first.Count);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task ARawBodyUploadWorksToo()
    {
        var (id, key) = await api.CreateUserAsync();
        using var client = api.Client(key);
        using var body = new ByteArrayContent(File.ReadAllBytes(Fixture.Path("oura/oura-trends-2020.csv")));
        body.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var response = await client.PostAsync($"/api/users/{id}/imports?fileName=trends.csv", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("oura", (await Json(response)).GetProperty("source").GetString());
    }

    [Theory]
    [InlineData("a,b,c\n1,2,3\n", "does not recognize")]
    [InlineData("\u0000\u0001\u0002binary", "binary")]
    [InlineData("PK\u0003\u0004 truncated zip", "damaged")]
    [InlineData("Id,ActivityDate,TotalSteps,Calories\n1503960366,4/12/2016,13162,1985\n1624580081,4/12/2016,8163,1432\n", "holds 2 people")]
    public async Task AnUnreadableFileIs422AndStaysInBronzeAndLeavesTheLakeAlone(string content, string expected)
    {
        var (id, key) = await api.CreateUserAsync();
        using var client = api.Client(key);
        await client.PostAsync($"/api/users/{id}/imports", Multipart("whoop/physiological_cycles.csv"));
        var before = await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/lake");

        using var bad = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(content));
        using var response = await client.PostAsync($"/api/users/{id}/imports?fileName=bad.csv", bad);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await Json(response);
        Assert.Contains(expected, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var bronzePath = problem.GetProperty("bronzePath").GetString()!;

        var blob = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(LakeStore.DefaultContainer).GetBlobClient(bronzePath);
        var properties = (await blob.GetPropertiesAsync()).Value;
        Assert.Equal("rejected", properties.Metadata["status"]);

        var after = await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/lake");
        Assert.Equal(before.GetProperty("version").GetInt32(), after.GetProperty("version").GetInt32());
        var history = await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/imports");
        Assert.Equal("rejected", history.EnumerateArray().Last().GetProperty("status").GetString());
    }

    [Fact]
    public async Task AWholeFitbitExportUploadsFileByFileWithItsDailyActivity()
    {
        var (id, key) = await api.CreateUserAsync("Fitz", "UTC");
        using var client = api.Client(key);
        var files = Bank.Uploads("fitbit");
        Assert.Contains(files, f => Path.GetFileName(f) == "dailyActivity_merged.csv");
        foreach (var file in files)
        {
            using var content = new MultipartFormDataContent { { new ByteArrayContent(await File.ReadAllBytesAsync(file)), "file", Path.GetFileName(file) } };
            using var response = await client.PostAsync($"/api/users/{id}/imports", content);
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"{Path.GetFileName(file)}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.Equal("fitbit", (await Json(response)).GetProperty("source").GetString());
        }

        var days = (await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/daily?from=2022-05-01&to=2022-08-01")).EnumerateArray().ToList();
        var first = days.Single(d => d.GetProperty("date").GetString() == "2022-05-23");
        Assert.Equal(8833, first.GetProperty("values").GetProperty("steps").GetDouble());
        Assert.Equal(2352, first.GetProperty("values").GetProperty("total_kcal").GetDouble());
        Assert.Equal("fitbit", first.GetProperty("sources").GetProperty("total_kcal").GetString());
        Assert.False(first.GetProperty("values").TryGetProperty("active_kcal", out _));
        Assert.Equal(70, days.Count(d => d.GetProperty("values").TryGetProperty("total_kcal", out _)));
        Assert.Contains(days, d => d.GetProperty("values").TryGetProperty("sleep_minutes", out _) && d.GetProperty("values").TryGetProperty("total_kcal", out _));
    }

    [Fact]
    public async Task AGenericCsvCanBeUploadedWithADeclaredMapping()
    {
        var (id, key) = await api.CreateUserAsync();
        using var client = api.Client(key);
        using var body = new ByteArrayContent("Day,Nightly\n2024-07-01,61\n2024-07-02,58\n"u8.ToArray());
        var mapping = Uri.EscapeDataString("date=Day,hrv_rmssd_ms=Nightly");
        using var response = await client.PostAsync($"/api/users/{id}/imports?fileName=mine.csv&mapping={mapping}", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(2, (await Json(response)).GetProperty("rowsAccepted").GetInt64());

        using var bad = new ByteArrayContent("Day,Nightly\n2024-07-01,61\n"u8.ToArray());
        using var refused = await client.PostAsync($"/api/users/{id}/imports?fileName=mine.csv&mapping=date%3DDay", bad);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
    }

    [Fact]
    public async Task AnEmptyUploadIs400()
    {
        var (id, key) = await api.CreateUserAsync();
        using var client = api.Client(key);
        using var response = await client.PostAsync($"/api/users/{id}/imports", new ByteArrayContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task AnUploadOverTheLimitIs413()
    {
        var (id, key) = await api.CreateUserAsync();
        using var client = api.Client(key);
        using var response = await client.PostAsync($"/api/users/{id}/imports", new ByteArrayContent(new byte[ApiFixture.MaxUploadBytes + 1]));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AnUnknownDeclaredSourceIs400()
    {
        var (id, key) = await api.CreateUserAsync();
        using var client = api.Client(key);
        using var response = await client.PostAsync($"/api/users/{id}/imports?source=polar-h10", Multipart("oura/oura-trends-2020.csv"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task SyntheticDataFillsTheLakeAndAgainIsAllDuplicates()
    {
        var (id, key) = await api.CreateUserAsync("Sim", "Asia/Tokyo");
        using var client = api.Client(key);

        using var first = await client.PostAsync($"/api/users/{id}/synthetic?days=120&seed=3", null);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var result = await Json(first);
        Assert.Equal(120, result.GetProperty("report").GetProperty("rowsAccepted").GetInt64());
        Assert.True(result.GetProperty("events").GetArrayLength() > 0);

        var daily = await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/daily");
        Assert.Equal(120, daily.GetArrayLength());
        var workouts = await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/workouts");
        Assert.True(workouts.GetArrayLength() > 50);

        var again = await Json(await client.PostAsync($"/api/users/{id}/synthetic?days=120&seed=3", null));
        Assert.Equal(0, again.GetProperty("report").GetProperty("rowsAccepted").GetInt64());
        Assert.Equal(result.GetProperty("report").GetProperty("lakeVersion").GetInt32(), again.GetProperty("report").GetProperty("lakeVersion").GetInt32());
    }

    [Theory]
    [InlineData("POST", "synthetic")]
    [InlineData("POST", "imports")]
    [InlineData("GET", "imports")]
    [InlineData("GET", "daily")]
    [InlineData("GET", "workouts")]
    [InlineData("GET", "quarantine")]
    [InlineData("GET", "lake")]
    [InlineData("GET", "status")]
    [InlineData("GET", "gold/hrv_status")]
    [InlineData("GET", "insights")]
    [InlineData("GET", "forecasts")]
    [InlineData("POST", "forecasts/backtest")]
    [InlineData("POST", "query")]
    [InlineData("GET", "schema")]
    public async Task AnotherUsersKeyIsRefusedOnEveryDataEndpoint(string method, string path)
    {
        var (alice, _) = await api.CreateUserAsync("Alice");
        var (_, bobKey) = await api.CreateUserAsync("Bob");
        using var bob = api.Client(bobKey);
        using var request = new HttpRequestMessage(new HttpMethod(method), $"/api/users/{alice}/{path}");
        if (method == "POST")
        {
            request.Content = Multipart("oura/oura-trends-2020.csv");
        }

        using var response = await bob.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
