using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Bio.Core.Analytics;
using Bio.Core.Forecasting;
using Bio.Core.Ingest;
using Bio.Core.Reports;
using Bio.Core.Users;

namespace Bio.Web.Api;

/// <summary>A failed API call, with the problem's human sentence.</summary>
public sealed class ApiProblemException(HttpStatusCode status, string detail) : Exception(detail)
{
    public HttpStatusCode Status { get; } = status;
}

/// <summary>
/// Bio.Api for one signed-in person. The user id and key are fixed when it is made, and every path is
/// relative to <c>/api/users/{userId}</c>: a page cannot ask for anyone else's data.
/// </summary>
public sealed class UserApi(HttpClient http, string userId, string apiKey)
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private static readonly JsonSerializerOptions Snake = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public string UserId { get; } = userId;

    private string Path(string relative) => $"/api/users/{Uri.EscapeDataString(UserId)}{relative}";

    private HttpRequestMessage Request(HttpMethod method, string relative, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, Path(relative)) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return request;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        var response = await http.SendAsync(request, completion, ct);
        if (!response.IsSuccessStatusCode)
        {
            var detail = await DetailAsync(response, ct);
            response.Dispose();
            throw new ApiProblemException(response.StatusCode, detail);
        }

        return response;
    }

    private static async Task<string> DetailAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            return problem.TryGetProperty("detail", out var d) && d.GetString() is { Length: > 0 } text ? text : $"Bio.Api answered {(int)response.StatusCode}.";
        }
        catch (JsonException)
        {
            return $"Bio.Api answered {(int)response.StatusCode}.";
        }
    }

    private async Task<T> GetAsync<T>(string relative, JsonSerializerOptions? options = null, CancellationToken ct = default)
    {
        using var request = Request(HttpMethod.Get, relative);
        using var response = await SendAsync(request, ct);
        return (await response.Content.ReadFromJsonAsync<T>(options ?? Web, ct))!;
    }

    /// <summary>The result, or null when the API says there is no data for it (404).</summary>
    private async Task<T?> GetOrNullAsync<T>(string relative, JsonSerializerOptions? options = null, CancellationToken ct = default) where T : class
    {
        try
        {
            return await GetAsync<T>(relative, options, ct);
        }
        catch (ApiProblemException e) when (e.Status == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private static string Range(DateOnly? from, DateOnly? to)
    {
        var parts = new List<string>();
        if (from is { } f)
        {
            parts.Add("from=" + f.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        if (to is { } t)
        {
            parts.Add("to=" + t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }

    public Task<UserProfile> ProfileAsync(CancellationToken ct = default) => GetAsync<UserProfile>("", ct: ct);

    public async Task<UserProfile> UpdateProfileAsync(string? displayName, string? timeZone, CancellationToken ct = default)
    {
        using var request = Request(HttpMethod.Patch, "", JsonContent.Create(new { displayName, timeZone }));
        using var response = await SendAsync(request, ct);
        return (await response.Content.ReadFromJsonAsync<UserProfile>(Web, ct))!;
    }

    /// <summary>Sets the given parts of the body profile (height cm, weight kg, birth year, sex) for the plan's fuel targets.</summary>
    public async Task<UserProfile> UpdateBodyAsync(double? heightCm, double? weightKg, int? birthYear, string? sex, CancellationToken ct = default)
    {
        using var request = Request(HttpMethod.Patch, "", JsonContent.Create(new { heightCm, weightKg, birthYear, sex }));
        using var response = await SendAsync(request, ct);
        return (await response.Content.ReadFromJsonAsync<UserProfile>(Web, ct))!;
    }

    /// <summary>The week's plan, or null when there is no recent data to plan from.</summary>
    public Task<Bio.Core.Plans.TrainingPlan?> PlanAsync(CancellationToken ct = default) => GetOrNullAsync<Bio.Core.Plans.TrainingPlan>("/plan", ct: ct);

    public Task<Bio.Core.Plans.PlanHistory> PlanHistoryAsync(CancellationToken ct = default) => GetAsync<Bio.Core.Plans.PlanHistory>("/plan/history", ct: ct);

    public Task<List<Bio.Core.Auth.ApiKeyInfo>> KeysAsync(CancellationToken ct = default) => GetAsync<List<Bio.Core.Auth.ApiKeyInfo>>("/keys", ct: ct);

    public Task<Bio.Core.Auth.IssuedApiKey> CreateKeyAsync(string name, CancellationToken ct = default) =>
        PostAsync<Bio.Core.Auth.IssuedApiKey>("/keys", JsonContent.Create(new { name }), ct);

    public async Task RevokeKeyAsync(string keyId, CancellationToken ct = default)
    {
        using var request = Request(HttpMethod.Delete, "/keys/" + Uri.EscapeDataString(keyId));
        using var response = await SendAsync(request, ct);
    }

    /// <summary>Each device cloud and this person's connection to it (never a token).</summary>
    public Task<List<Bio.Core.Sync.ConnectionStatus>> ConnectionsAsync(CancellationToken ct = default) =>
        GetAsync<List<Bio.Core.Sync.ConnectionStatus>>("/connections", ct: ct);

    /// <summary>Starts connecting <paramref name="provider"/>: the provider's consent URL to send the browser to.</summary>
    public async Task<string> ConnectAsync(string provider, CancellationToken ct = default) =>
        (await PostAsync<Bio.Core.Sync.ConnectionStart>("/connections/" + Uri.EscapeDataString(provider), null, ct)).AuthorizeUrl;

    public Task<Bio.Core.Sync.SyncOutcome> SyncAsync(string provider, CancellationToken ct = default) =>
        PostAsync<Bio.Core.Sync.SyncOutcome>("/connections/" + Uri.EscapeDataString(provider) + "/sync", null, ct);

    public async Task DisconnectAsync(string provider, CancellationToken ct = default)
    {
        using var request = Request(HttpMethod.Delete, "/connections/" + Uri.EscapeDataString(provider));
        using var response = await SendAsync(request, ct);
    }

    public async Task<int> DeleteAccountAsync(CancellationToken ct = default)
    {
        using var request = Request(HttpMethod.Delete, "");
        using var response = await SendAsync(request, ct);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("filesDeleted").GetInt32();
    }

    /// <summary>The day's status (default: the latest day with data), or null before the first import.</summary>
    public Task<DayStatus?> StatusAsync(DateOnly? date = null, CancellationToken ct = default) =>
        GetOrNullAsync<DayStatus>("/status" + (date is { } d ? "?date=" + d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : ""), ct: ct);

    /// <summary>Writes the day's journal entry (replacing an earlier one that day); what Bio read in it comes back.</summary>
    public Task<Bio.Core.Journal.JournalWritten> WriteJournalAsync(DateOnly? date, string text, CancellationToken ct = default) =>
        PostAsync<Bio.Core.Journal.JournalWritten>("/journal", JsonContent.Create(new { date, text }), ct);

    /// <summary>Rates the day (energy and mood 1-5, exertion 0-10), replacing that day's earlier ratings.</summary>
    public Task<Bio.Core.Journal.FeedbackWritten> WriteFeedbackAsync(DateOnly? date, int? energy, int? mood, int? exertion, CancellationToken ct = default) =>
        PostAsync<Bio.Core.Journal.FeedbackWritten>("/feedback", JsonContent.Create(new { date, energy, mood, exertion }), ct);

    public Task<List<Bio.Core.Journal.DayFeedback>> FeedbackAsync(DateOnly? from, DateOnly? to, CancellationToken ct = default) =>
        GetAsync<List<Bio.Core.Journal.DayFeedback>>("/feedback" + Range(from, to), ct: ct);

    public Task<List<Bio.Core.Journal.JournalEntry>> JournalAsync(DateOnly? from, DateOnly? to, CancellationToken ct = default) =>
        GetAsync<List<Bio.Core.Journal.JournalEntry>>("/journal" + Range(from, to), ct: ct);

    public Task<List<DailyValues>> DailyAsync(DateOnly? from, DateOnly? to, CancellationToken ct = default) =>
        GetAsync<List<DailyValues>>("/daily" + Range(from, to), ct: ct);

    public Task<List<WorkoutItem>> WorkoutsAsync(DateOnly? from, DateOnly? to, CancellationToken ct = default) =>
        GetAsync<List<WorkoutItem>>("/workouts" + Range(from, to), ct: ct);

    /// <summary>A gold view's rows as the lake's row type (snake_case JSON).</summary>
    public Task<List<T>> GoldAsync<T>(string view, DateOnly? from = null, DateOnly? to = null, CancellationToken ct = default) =>
        GetAsync<List<T>>($"/gold/{Uri.EscapeDataString(view)}" + Range(from, to), Snake, ct);

    /// <summary>A gold view's rows as JSON objects (for the source page, which shows any view).</summary>
    public Task<List<Dictionary<string, JsonElement>>> GoldRowsAsync(string view, DateOnly? from = null, DateOnly? to = null, CancellationToken ct = default) =>
        GetAsync<List<Dictionary<string, JsonElement>>>($"/gold/{Uri.EscapeDataString(view)}" + Range(from, to), Web, ct);

    public Task<List<Insight>> InsightsAsync(DateOnly? from, DateOnly? to, CancellationToken ct = default) =>
        GetAsync<List<Insight>>("/insights" + Range(from, to), ct: ct);

    public Task<Bio.Core.Journal.JournalEffectsReport> JournalEffectsAsync(DateOnly? from, DateOnly? to, CancellationToken ct = default) =>
        GetAsync<Bio.Core.Journal.JournalEffectsReport>("/journal/effects" + Range(from, to), ct: ct);

    /// <summary>The seven-day forecast, or null when there is no recent HRV to forecast from.</summary>
    public Task<HrvForecast?> ForecastAsync(CancellationToken ct = default) => GetOrNullAsync<HrvForecast>("/forecasts", ct: ct);

    public Task<ForecastHistory> ForecastHistoryAsync(CancellationToken ct = default) => GetAsync<ForecastHistory>("/forecasts/history", ct: ct);

    public Task<List<ImportReport>> ImportsAsync(CancellationToken ct = default) => GetAsync<List<ImportReport>>("/imports", ct: ct);

    public Task<ImportReport?> ImportAsync(string importId, CancellationToken ct = default) =>
        GetOrNullAsync<ImportReport>("/imports/" + Uri.EscapeDataString(importId), ct: ct);

    public Task<List<QuarantineItem>> QuarantineAsync(CancellationToken ct = default) => GetAsync<List<QuarantineItem>>("/quarantine", ct: ct);

    public Task<List<ReportInfo>> ReportsAsync(CancellationToken ct = default) => GetAsync<List<ReportInfo>>("/reports", ct: ct);

    public Task<WeeklyReport> GenerateReportAsync(DateOnly weekEnding, CancellationToken ct = default) =>
        PostAsync<WeeklyReport>("/reports/" + weekEnding.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), null, ct);

    /// <summary>The report page's HTML (generated on demand by the API when there is none yet).</summary>
    public async Task<string> ReportHtmlAsync(DateOnly weekEnding, CancellationToken ct = default)
    {
        using var request = Request(HttpMethod.Get, "/reports/" + weekEnding.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        using var response = await SendAsync(request, ct);
        return await response.Content.ReadAsStringAsync(ct);
    }

    public Task<ChatReply> AskAsync(string message, string? conversationId, CancellationToken ct = default) =>
        PostAsync<ChatReply>("/chat", JsonContent.Create(new { message, conversationId }), ct);

    /// <summary>Sends an upload on to the API as it arrives and returns the API's response as is (report or problem).</summary>
    public async Task<HttpResponseMessage> ForwardImportAsync(Stream body, string? contentType, long? length, CancellationToken ct = default)
    {
        var content = new StreamContent(body);
        if (contentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        content.Headers.ContentLength = length;
        using var request = Request(HttpMethod.Post, "/imports", content);
        return await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
    }

    /// <summary>The export zip as a stream (the caller disposes the response).</summary>
    public async Task<HttpResponseMessage> ExportAsync(CancellationToken ct = default)
    {
        using var request = Request(HttpMethod.Get, "/export");
        return await SendAsync(request, ct, HttpCompletionOption.ResponseHeadersRead);
    }

    private async Task<T> PostAsync<T>(string relative, HttpContent? content, CancellationToken ct)
    {
        using var request = Request(HttpMethod.Post, relative, content);
        using var response = await SendAsync(request, ct);
        return (await response.Content.ReadFromJsonAsync<T>(Web, ct))!;
    }
}

/// <summary>The agent's answer as <c>POST /chat</c> returns it.</summary>
public sealed record ChatReply(
    string Answer, string ConversationId, string Engine, string Kind, string? Sql, List<Bio.Core.Agent.ToolCall> Functions,
    List<Bio.Core.Agent.AnswerColumn> Columns, List<List<JsonElement>> Rows, ChartSpec? Chart, bool Cached, string? Note);
