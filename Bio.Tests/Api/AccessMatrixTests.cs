using System.Net;
using System.Net.Http.Json;
using System.Text;
using Bio.Api.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Bio.Tests.Api;

/// <summary>
/// Paired allow/deny cases for every endpoint of the API, generated from its own endpoint list, so a
/// new endpoint cannot be forgotten: each declares who may call it; a stranger's key is refused on
/// every person's route; the owner passes the gate; the admin only where declared; a coach the owner
/// granted reads exactly the declared GETs, and nothing once revoked; an ingest token pushes to its own
/// person and is refused everywhere else; no key is 401.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class AccessMatrixTests(ApiFixture api)
{
    private sealed record Case(string Method, string Pattern, Who Who);

    private List<Case> Endpoints()
    {
        var endpoints = api.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        Assert.NotEmpty(endpoints);
        var cases = new List<Case>();
        foreach (var e in endpoints)
        {
            var pattern = "/" + e.RoutePattern.RawText!.TrimStart('/');
            var access = e.Metadata.GetMetadata<AccessMetadata>();
            var anonymous = e.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            Assert.True(access is not null || anonymous, $"{pattern} declares nobody who may call it");
            foreach (var method in e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                cases.Add(new Case(method, pattern, access?.Who ?? Who.Anyone));
            }
        }

        return cases;
    }

    private static string Url(Case c, string userId) =>
        c.Pattern.Replace("{userId}", userId, StringComparison.Ordinal)
            .Replace("{weekEnding}", "2026-06-14", StringComparison.Ordinal)
            .Replace("{view}", "hrv_status", StringComparison.Ordinal)
            .Replace("{importId}", "imp-unknown", StringComparison.Ordinal)
            .Replace("{keyId}", "000000000000", StringComparison.Ordinal)
            .Replace("{tokenId}", "000000000000", StringComparison.Ordinal)
            .Replace("{coachId}", "a-nosuchcoach00000", StringComparison.Ordinal)
            .Replace("{provider}", "whoop", StringComparison.Ordinal)
        + (c.Pattern.EndsWith("/synthetic", StringComparison.Ordinal) ? "?days=3&seed=1" : "");

    private static HttpRequestMessage Request(Case c, string url) =>
        new(new HttpMethod(c.Method), url)
        {
            Content = c.Method is "POST" or "PUT" or "PATCH" ? new StringContent("{}", Encoding.UTF8, "application/json") : null,
        };

    private static bool IsPersonal(Case c) => c.Pattern.Contains("{userId}", StringComparison.Ordinal);

    private static bool Erases(Case c) => c.Method == "DELETE" && c.Pattern.TrimEnd('/') == "/api/users/{userId}";

    [Fact]
    public async Task EveryEndpointDeclaresWhoMayCallItAndRefusesEveryoneElse()
    {
        var cases = Endpoints();
        var personal = cases.Where(IsPersonal).ToList();
        Assert.True(personal.Count >= 30, $"only {personal.Count} personal endpoints found");
        var (a, aKey) = await api.CreateUserAsync("Athlete", "UTC");
        var (b, bKey) = await api.CreateUserAsync("Other", "UTC");
        using var owner = api.Client(aKey);
        using var stranger = api.Client(bKey);
        using var admin = api.Client(api.AdminKey);
        using var nobody = api.Client();
        (await owner.PostAsync($"/api/users/{a}/synthetic?days=20&seed=3", null)).EnsureSuccessStatusCode();

        var failures = new List<string>();
        async Task Expect(HttpClient client, Case c, string userId, Func<HttpStatusCode, bool> ok, string who)
        {
            using var request = Request(c, Url(c, userId));
            using var response = await client.SendAsync(request);
            if (!ok(response.StatusCode))
            {
                failures.Add($"{who}: {c.Method} {c.Pattern} -> {(int)response.StatusCode}");
            }
        }

        // Through the gate, and answered: an empty body or an unknown id gets a 4xx with its reason, never a 500.
        static bool Passed(HttpStatusCode s) => s is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) && (int)s < 500;

        foreach (var c in personal)
        {
            // Deny: another person's key, and no key at all.
            await Expect(stranger, c, a, s => s == HttpStatusCode.Forbidden, "stranger");
            await Expect(nobody, c, a, s => s == HttpStatusCode.Unauthorized, "no key");
            // The admin: through where declared, refused elsewhere (an unknown id keeps the admin cases harmless).
            var ghost = "a-ghost" + Guid.NewGuid().ToString("N")[..10];
            await Expect(admin, c, ghost, s => c.Who.HasFlag(Who.Admin) ? Passed(s) : s == HttpStatusCode.Forbidden, "admin");
            // Allow: the owner passes the gate (whatever the handler then says about an empty body).
            if (c.Who.HasFlag(Who.Owner) && !Erases(c))
            {
                await Expect(owner, c, a, Passed, "owner");
            }
        }

        // A coach the owner granted reads the declared GETs and nothing else; revoked, nothing.
        Assert.Equal(HttpStatusCode.NoContent, (await owner.PutAsync($"/api/users/{a}/coaches/{b}", null)).StatusCode);
        Assert.Contains(a, await stranger.GetFromJsonAsync<List<string>>($"/api/users/{b}/athletes") ?? []);
        foreach (var c in personal.Where(c => !Erases(c)))
        {
            var readable = c.Who.HasFlag(Who.Coach) && c.Method == "GET";
            await Expect(stranger, c, a, s => readable ? Passed(s) : s == HttpStatusCode.Forbidden, "coach");
        }

        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/api/users/{a}/coaches/{b}")).StatusCode);
        foreach (var c in personal)
        {
            await Expect(stranger, c, a, s => s == HttpStatusCode.Forbidden, "revoked coach");
        }

        Assert.Empty(await stranger.GetFromJsonAsync<List<string>>($"/api/users/{b}/athletes") ?? ["?"]);

        // A write-only ingest token opens its own person's push endpoint and refuses everything else with 403:
        // every other person's route, its person's too, and every admin endpoint.
        using var issued = await owner.PostAsJsonAsync($"/api/users/{a}/ingest-tokens", new { name = "phone" });
        using var ingest = api.Client((await issued.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("token").GetString());
        var pushes = cases.Where(c => c.Who.HasFlag(Who.Ingest)).ToList();
        Assert.NotEmpty(pushes);
        foreach (var c in cases.Where(c => c.Who != Who.Anyone))
        {
            await Expect(ingest, c, a, s => c.Who.HasFlag(Who.Ingest) ? Passed(s) : s == HttpStatusCode.Forbidden, "ingest token");
            if (IsPersonal(c))
            {
                await Expect(ingest, c, b, s => s == HttpStatusCode.Forbidden, "ingest token on another person");
            }
        }

        // Erasing: the owner can, a stranger cannot (checked above), on a person made for it.
        var (c2, c2Key) = await api.CreateUserAsync("Leaver", "UTC");
        using var leaver = api.Client(c2Key);
        Assert.Equal(HttpStatusCode.OK, (await leaver.DeleteAsync($"/api/users/{c2}")).StatusCode);

        // Endpoints outside a person's route: the admin's, and the open ones.
        foreach (var c in cases.Where(c => !IsPersonal(c)))
        {
            if (c.Who == Who.Anyone)
            {
                await Expect(nobody, c, a, Passed, "anyone");
            }
            else
            {
                await Expect(nobody, c, a, s => s == HttpStatusCode.Unauthorized, "no key");
                await Expect(owner, c, a, s => s == HttpStatusCode.Forbidden, "user on admin endpoint");
                await Expect(admin, c, a, Passed, "admin");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task ACoachSeesTheAthletesStatusButCannotWriteOrAskAndLosesItOnRevoke()
    {
        var (athlete, athleteKey) = await api.CreateUserAsync("Athlete", "UTC");
        var (coach, coachKey) = await api.CreateUserAsync("Coach", "UTC");
        using var a = api.Client(athleteKey);
        using var c = api.Client(coachKey);
        (await a.PostAsync($"/api/users/{athlete}/synthetic?days=30&seed=4", null)).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Forbidden, (await c.GetAsync($"/api/users/{athlete}/status")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await a.PutAsync($"/api/users/{athlete}/coaches/{coach}", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync($"/api/users/{athlete}/status")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync($"/api/users/{athlete}/gold/training_load")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await c.PostAsJsonAsync($"/api/users/{athlete}/chat", new { message = "Am I overtraining?" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await c.PostAsJsonAsync($"/api/users/{athlete}/query", new { sql = "SELECT 1" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await c.GetAsync($"/api/users/{athlete}/export")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await c.PutAsync($"/api/users/{athlete}/coaches/{coach}", null)).StatusCode);
        Assert.Equal([coach], await a.GetFromJsonAsync<List<string>>($"/api/users/{athlete}/coaches"));

        // A coach cannot be granted twice over or be someone who does not exist; one cannot coach oneself.
        Assert.Equal(HttpStatusCode.BadRequest, (await a.PutAsync($"/api/users/{athlete}/coaches/a-nobody000000000", null)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await a.PutAsync($"/api/users/{athlete}/coaches/{athlete}", null)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await a.DeleteAsync($"/api/users/{athlete}/coaches/{coach}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await c.GetAsync($"/api/users/{athlete}/status")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await a.DeleteAsync($"/api/users/{athlete}/coaches/{coach}")).StatusCode);
    }

    [Fact]
    public async Task DeletingACoachEndsTheGrantsBothWays()
    {
        var (athlete, athleteKey) = await api.CreateUserAsync("Athlete", "UTC");
        var (coach, coachKey) = await api.CreateUserAsync("Coach", "UTC");
        using var a = api.Client(athleteKey);
        using var c = api.Client(coachKey);
        (await a.PutAsync($"/api/users/{athlete}/coaches/{coach}", null)).EnsureSuccessStatusCode();
        (await c.DeleteAsync($"/api/users/{coach}")).EnsureSuccessStatusCode();
        Assert.Empty(await a.GetFromJsonAsync<List<string>>($"/api/users/{athlete}/coaches") ?? ["?"]);
    }
}
