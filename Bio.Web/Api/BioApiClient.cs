using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Bio.Web.Api;

public sealed record UserProfileDto(string Id, string DisplayName, string TimeZone, DateTimeOffset CreatedAt);

public sealed record DailyDto(DateOnly Date, Dictionary<string, double> Values, Dictionary<string, string> Sources);

public sealed record ContributorDto(string Name, int Score, double Weight, string Detail);

public sealed record ReadinessDto(DateOnly Date, int? Score, List<ContributorDto> Contributors, double? DeviceReadiness, string EnergyState, string EnergyReason);

public sealed record HrvStatusDto(DateOnly Date, double? LnHrv, double? Mean7, double? Baseline, double? Lower, double? Upper, double? Cv7Percent, string Status, string Measure, string? Source);

public sealed record LoadDto(DateOnly Date, double Load, double Fitness, double Fatigue, double Form, double? Acwr, double? Monotony, double? Strain);

public sealed record RiskDto(DateOnly Date, string Level, List<string> Reasons, double? Acwr, double? Monotony, double? Strain, int HrvBelowStreak, double? RhrElevation);

public sealed record AnomalyDto(DateOnly Date, string Kind, string Metric, double Value, double Score, string Tier, string Reason);

public sealed record RecommendationDto(DateOnly Date, string Intensity, string Reason);

/// <summary>One day's status as <c>GET /api/users/{id}/status</c> returns it.</summary>
public sealed record StatusDto(
    DateOnly Date, DateOnly DataFrom, DateOnly DataTo, ReadinessDto Readiness, HrvStatusDto Hrv, LoadDto Load, RiskDto Risk,
    List<AnomalyDto> Anomalies, RecommendationDto Recommendation);

/// <summary>The web app's only way to data: Bio.Api over HTTP, with the signed-in person's own key.</summary>
public sealed class BioApiClient(HttpClient http)
{
    /// <summary>The profile for <paramref name="apiKey"/>'s user, or null when the key is not accepted.</summary>
    public async Task<UserProfileDto?> GetProfileAsync(string userId, string apiKey, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/users/{Uri.EscapeDataString(userId)}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        using var response = await http.SendAsync(request, ct);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.BadRequest)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<UserProfileDto>(ct);
    }

    /// <summary>The person's daily rows in a date range (their own key), or an empty list.</summary>
    public async Task<IReadOnlyList<DailyDto>> GetDailyAsync(string userId, string apiKey, DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get,
            $"/api/users/{Uri.EscapeDataString(userId)}/daily?from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        using var response = await http.SendAsync(request, ct);
        return response.IsSuccessStatusCode
            ? await response.Content.ReadFromJsonAsync<List<DailyDto>>(ct) ?? []
            : [];
    }

    /// <summary>The status of the latest day with data, or null when there is none yet.</summary>
    public async Task<StatusDto?> GetStatusAsync(string userId, string apiKey, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/users/{Uri.EscapeDataString(userId)}/status");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        using var response = await http.SendAsync(request, ct);
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<StatusDto>(ct) : null;
    }

    public async Task<bool> IsAliveAsync(CancellationToken ct = default)
    {
        using var response = await http.GetAsync("/alive", ct);
        return response.IsSuccessStatusCode;
    }
}
