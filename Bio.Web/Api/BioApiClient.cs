using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Bio.Core.Users;

namespace Bio.Web.Api;

/// <summary>
/// The web app's only way to data: Bio.Api over HTTP. Everything a page reads goes through a
/// <see cref="UserApi"/> made for the signed-in person, with their own key and their own path.
/// </summary>
public sealed class BioApiClient(HttpClient http)
{
    /// <summary>The profile for <paramref name="apiKey"/>'s user, or null when the key is not accepted.</summary>
    public async Task<UserProfile?> GetProfileAsync(string userId, string apiKey, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/users/{Uri.EscapeDataString(userId)}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        using var response = await http.SendAsync(request, ct);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.BadRequest)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<UserProfile>(ct);
    }

    /// <summary>An API for one person: every path it can reach is under <c>/api/users/{userId}</c>, with their key.</summary>
    public UserApi For(string userId, string apiKey) => new(http, userId, apiKey);

    /// <summary>
    /// A device cloud's consent coming back through the dashboard (the redirect URI can be the dashboard's
    /// own address): passed on to Bio.Api as it came. No key: the consent's state is what Bio.Api checks.
    /// </summary>
    public async Task<HttpResponseMessage> ConnectCallbackAsync(string provider, string query, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/connections/{Uri.EscapeDataString(provider)}/callback{query}");
        return await http.SendAsync(request, ct);
    }

    public async Task<bool> IsAliveAsync(CancellationToken ct = default)
    {
        using var response = await http.GetAsync("/alive", ct);
        return response.IsSuccessStatusCode;
    }
}
