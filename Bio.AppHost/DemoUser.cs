using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bio.AppHost;

/// <summary>
/// On the first local run, once the API is ready, creates the user "demo" and fills it with two years
/// of synthetic data through the public API, so a newcomer opens a living dashboard. The demo user's key
/// is saved in the git-ignored local state folder and printed once. Turn it off with Bio:Demo:Enabled=false.
/// </summary>
public static partial class DemoUser
{
    public static void SeedDemoUserWhenReady(
        this IDistributedApplicationBuilder builder, IResourceBuilder<ProjectResource> api, IResourceBuilder<ParameterResource> adminKey, BioAppHostSettings settings)
    {
        var config = builder.Configuration.GetSection("Bio:Demo");
        if (!builder.ExecutionContext.IsRunMode || !config.GetValue("Enabled", true))
        {
            return;
        }

        var id = config["UserId"] ?? "demo";
        var days = config.GetValue("Days", 730);
        var keyFile = Path.Combine(settings.LocalStatePath, "demo-key");
        builder.Eventing.Subscribe<ResourceReadyEvent>(api.Resource, async (e, ct) =>
        {
            var logger = e.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Bio.DemoUser");
            if (File.Exists(keyFile))
            {
                return;
            }

            try
            {
                using var http = new HttpClient { BaseAddress = new Uri(api.GetEndpoint("http").Url), Timeout = TimeSpan.FromMinutes(2) };
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await adminKey.Resource.GetValueAsync(ct));
                using var created = await http.PostAsJsonAsync("/api/users", new { id, displayName = "Demo Athlete", timeZone = "Europe/London" }, ct);
                if (created.StatusCode == HttpStatusCode.Conflict)
                {
                    LogExists(logger, id);
                    return;
                }

                created.EnsureSuccessStatusCode();
                var key = (await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("apiKey").GetString()!;
                using var fill = new HttpRequestMessage(HttpMethod.Post, $"/api/users/{id}/synthetic?days={days}&seed=2026");
                fill.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
                using var filled = await http.SendAsync(fill, ct);
                filled.EnsureSuccessStatusCode();

                Directory.CreateDirectory(settings.LocalStatePath);
                await File.WriteAllTextAsync(keyFile, key, ct);
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }

                Console.WriteLine($"""

                    ==> Demo user '{id}' created with {days} days of synthetic data.
                        Sign in at the web dashboard with its key (shown once, saved in {keyFile}):
                        {key}

                    """);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
            {
                LogFailed(logger, ex);
            }
        });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The demo user '{Id}' exists already; its key is not stored here, so it was left alone.")]
    private static partial void LogExists(ILogger logger, string id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The demo user could not be seeded; the rest of Bio runs normally.")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
