using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bio.Api;
using Bio.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bio.Tests.Observability;

/// <summary>
/// A whole session (import, status, SQL, a question, forecast, report, export, a refused key, a file Bio
/// cannot read) with every log line of the silo and the API captured at Debug level and every span's
/// name, tags and events: none may carry a health value the person uploaded, nor any key.
/// </summary>
public sealed class NoHealthDataInLogsTests(AzuriteFixture azurite)
{
    private sealed class Capture : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(Capture capture, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull
            {
                capture.Lines.Enqueue($"{category} scope: {state}");
                return null;
            }

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var line = new StringBuilder($"{category} {logLevel}: {formatter(state, exception)}");
                if (state is IEnumerable<KeyValuePair<string, object?>> values)
                {
                    foreach (var (k, v) in values)
                    {
                        line.Append(CultureInfo.InvariantCulture, $" | {k}={v}");
                    }
                }

                if (exception is not null)
                {
                    line.Append(" | ").Append(exception);
                }

                capture.Lines.Enqueue(line.ToString());
            }
        }
    }

    // What the person wrote about their day, with a word no log line would have by chance.
    private const string JournalWords = "zinfandelquartet";
    private const string JournalText = "Two glasses of " + JournalWords + " wine, sore throat, stressful day";

    // Values no analytics would compute by chance: four decimals, uploaded by the person.
    private static readonly double[] Hrv = [63.2718, 58.9143, 71.6452, 66.0387, 59.7261];
    private static readonly double[] Rhr = [47.3816, 51.9274, 49.0653, 52.7148, 48.5532];

    [Fact]
    public async Task NoLogLineOrSpanCarriesAnUploadedValueOrAKey()
    {
        var capture = new Capture();
        var spans = new ConcurrentQueue<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => spans.Enqueue($"{a.Source.Name} {a.DisplayName} {a.StatusDescription} " +
                string.Join(" ", a.TagObjects.Select(t => $"{t.Key}={t.Value}")) + " " +
                string.Join(" ", a.Events.Select(e => e.Name + " " + string.Join(" ", e.Tags.Select(t => $"{t.Key}={t.Value}"))))),
        };
        ActivitySource.AddActivityListener(listener);

        // With an OTLP endpoint (nobody answers it), so the services run their whole telemetry pipeline as under the AppHost.
        var otlp = $"http://127.0.0.1:{Ports.Free()}";
        await using var cluster = new TestCluster(azurite);
        await cluster.StartSiloAsync(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Debug", ["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlp },
            services => services.AddSingleton<ILoggerProvider>(capture));
        var adminKey = "admin-" + Guid.NewGuid().ToString("N");
        var settings = cluster.Settings(silo: false);
        settings["Auth:AdminKey"] = adminKey;
        settings["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlp;
        await using var api = new ApiHost(settings, b => b.ConfigureLogging(l => l.AddProvider(capture).SetMinimumLevel(LogLevel.Debug)));

        using var admin = api.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
        var id = "logs-" + Guid.NewGuid().ToString("N")[..10];
        using var created = await admin.PostAsJsonAsync("/api/users", new { id, displayName = "Private Person", timeZone = "UTC" });
        var key = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetString()!;
        using var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

        var csv = new StringBuilder("date,hrv_rmssd_ms,resting_hr_bpm\n");
        var last = cluster.Clock.Today("UTC").AddDays(-1);
        for (var i = 0; i < 60; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{last.AddDays(i - 59):yyyy-MM-dd},{Hrv[i % Hrv.Length]},{Rhr[i % Rhr.Length]}\n");
        }

        using var upload = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(csv.ToString())), "file", "my-nights.csv" } };
        (await client.PostAsync($"/api/users/{id}/imports", upload)).EnsureSuccessStatusCode();
        using var junk = new MultipartFormDataContent { { new ByteArrayContent("garbage,71.6452\n\u0001\u0002"u8.ToArray()), "file", "junk.bin" } };
        await client.PostAsync($"/api/users/{id}/imports", junk);
        (await client.GetAsync($"/api/users/{id}/status")).EnsureSuccessStatusCode();
        (await client.GetAsync($"/api/users/{id}/daily")).EnsureSuccessStatusCode();
        (await client.GetAsync($"/api/users/{id}/gold/hrv_status")).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync($"/api/users/{id}/query", new { sql = "SELECT date, hrv_rmssd_ms, resting_hr_bpm FROM daily WHERE hrv_rmssd_ms > 60" })).EnsureSuccessStatusCode();
        await client.PostAsJsonAsync($"/api/users/{id}/query", new { sql = "SELECT hrv_rmssd_ms FROM daily WHERE hrv_rmssd_ms = 63.2718; DROP TABLE daily" });
        (await client.PostAsJsonAsync($"/api/users/{id}/chat", new { message = "What was my highest HRV this month?" })).EnsureSuccessStatusCode();
        (await client.GetAsync($"/api/users/{id}/forecasts")).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync($"/api/users/{id}/journal", new { date = last, text = JournalText })).EnsureSuccessStatusCode();
        await client.PostAsJsonAsync($"/api/users/{id}/journal", new { date = last.AddYears(5), text = JournalText }); // refused: a future day
        (await client.PostAsJsonAsync($"/api/users/{id}/feedback", new { date = last, energy = 2, mood = 4, notes = JournalText })).EnsureSuccessStatusCode();
        await client.PostAsJsonAsync($"/api/users/{id}/feedback", new { energy = 9, notes = JournalText }); // refused: out of range
        var sunday = last.AddDays(-(int)last.DayOfWeek);
        (await client.GetAsync($"/api/users/{id}/reports/{sunday:yyyy-MM-dd}")).EnsureSuccessStatusCode();
        (await client.GetAsync($"/api/users/{id}/export")).EnsureSuccessStatusCode();
        using var stranger = api.CreateClient();
        stranger.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", $"bio_{id}_000000000000_{new string('0', 64)}");
        await stranger.GetAsync($"/api/users/{id}/status");

        var lines = capture.Lines.ToList();
        Assert.True(lines.Count > 50, $"only {lines.Count} log lines were captured: the capture is not wired");
        Assert.Contains(lines, l => l.Contains(id, StringComparison.Ordinal)); // user ids may be logged; values may not
        var secret = key.Split('_')[3];
        var forbidden = Hrv.Concat(Rhr).SelectMany(v => new[] { v.ToString("0.0000", CultureInfo.InvariantCulture), v.ToString("0.00", CultureInfo.InvariantCulture) })
            .Append(secret).Append(adminKey).Append(JournalWords).ToList();
        // A value as a number on its own, not digits inside a timestamp ("10:58:51.937Z") or a longer number.
        var patterns = forbidden.Select(f => (f, new System.Text.RegularExpressions.Regex($@"(?<![\d:.]){System.Text.RegularExpressions.Regex.Escape(f)}(?!\d)"))).ToList();
        var leaks = lines.Select(l => ("log", l)).Concat(spans.Select(s => ("span", s)))
            .SelectMany(x => patterns.Where(p => p.Item2.IsMatch(x.Item2)).Select(p => $"{x.Item1} carries '{p.f}': {Short(x.Item2)}"))
            .Distinct().ToList();
        Assert.True(leaks.Count == 0, string.Join(Environment.NewLine, leaks.Take(20)));
    }

    private static string Short(string s) => s.Length <= 400 ? s : s[..400] + "…";
}
