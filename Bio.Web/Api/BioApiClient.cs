using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Bio.Web.Api;

public sealed record UserProfileDto(string Id, string DisplayName, string TimeZone, DateTimeOffset CreatedAt);

public sealed record DailyDto(DateOnly Date, Dictionary<string, double> Values, Dictionary<string, string> Sources);

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

    public async Task<bool> IsAliveAsync(CancellationToken ct = default)
    {
        using var response = await http.GetAsync("/alive", ct);
        return response.IsSuccessStatusCode;
    }
}
