using System.Text;
using Azure.Storage.Blobs;
using Bio.Core.Forecasting;
using Bio.Core.Lake;
using Bio.Core.Users;
using Bio.ServiceDefaults;
using Bio.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Bio.Tests.Grains;

/// <summary>
/// The daily forecasting cycle on a real silo (Azure Table reminders and Blob storage on Azurite), with
/// a controllable clock and the reminder period shortened to two seconds.
/// </summary>
public sealed class ForecastReminderTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly ScriptedChatClient chat = new(messages =>
    {
        var tomorrow = System.Text.Json.JsonDocument.Parse(messages[^1].Text).RootElement.GetProperty("tomorrow");
        return $"Tomorrow looks like {tomorrow.GetProperty("hrv_ms").GetDouble()} ms: a normal day.";
    });

    private TestCluster cluster = null!;
    private IClusterClient client = null!;

    public async ValueTask InitializeAsync()
    {
        // Its own service id: its two-second reminders must not reach the other test clusters.
        cluster = new TestCluster(azurite, "bio-tests-reminders-" + Guid.NewGuid().ToString("N")[..8]);
        await cluster.StartSiloAsync(
            new Dictionary<string, string?> { ["Forecasting:Period"] = "00:00:02" },
            services =>
            {
                services.Replace(ServiceDescriptor.KeyedSingleton<TimeProvider>(Bio.Silo.Extensions.UserClock, clock));
                services.AddSingleton<Microsoft.Extensions.AI.IChatClient>(chat);
            });
        client = await cluster.ConnectAsync();
    }

    public async ValueTask DisposeAsync() => await cluster.DisposeAsync();

    private static async Task<List<ForecastLogRow>> WaitForAsync(ForecastStore store, string user, Func<List<ForecastLogRow>, bool> done)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew(); // elapsed time, not the calendar
        var deadline = TimeSpan.FromSeconds(90);
        while (true)
        {
            var log = await store.ReadLogAsync(user);
            if (done(log))
            {
                return log;
            }

            Assert.True(waited.Elapsed < deadline, $"the reminder did not do it in time; the log has {log.Count} rows");
            await Task.Delay(500);
        }
    }

    [Fact]
    public async Task TheDailyReminderForecastsAndScoresOnTheUsersClock()
    {
        var id = "fc-" + Guid.NewGuid().ToString("N")[..12];
        var grain = client.GetGrain<IUserGrain>(id);
        await client.GetGrain<IAccountGrain>(id).CreateAsync(new CreateUser("Forecast", "UTC"));
        await grain.GenerateSyntheticAsync(days: 120, seed: 61); // ends 2026-05-31, yesterday on the fake clock
        var blobs = new BlobServiceClient(azurite.ConnectionString);
        var store = new ForecastStore(blobs);

        // No API call: the reminder runs the forecaster and issues the forecast from the latest day.
        var issued = await WaitForAsync(store, id, log => log.Count(r => r.Origin == new DateOnly(2026, 5, 31)) == 7);
        Assert.All(issued, r => Assert.Equal(new DateTime(2026, 6, 1), r.IssuedAtUtc.Date));
        var registry = await store.ReadRegistryAsync(id);
        Assert.Contains(registry.Events, e => e.Kind == "served");

        // Three days later the mornings' data arrives; the next tick scores those forecasts and issues new ones.
        clock.Advance(TimeSpan.FromDays(3));
        var csv = new StringBuilder("date,hrv_rmssd_ms,resting_hr_bpm\n");
        for (var d = 1; d <= 3; d++)
        {
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"2026-06-0{d},{50 + d},{55}\n");
        }

        var lake = new LakeStore(blobs);
        var bronze = await lake.WriteBronzeAsync(id, new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())), "mornings.csv");
        await grain.IngestAsync(bronze, null, null);

        var after = await WaitForAsync(store, id, log => log.Any(r => r.Origin == new DateOnly(2026, 6, 3)));
        var scored = after.Where(r => r.Origin == new DateOnly(2026, 5, 31) && r.Target <= new DateOnly(2026, 6, 3)).OrderBy(r => r.Target).ToList();
        Assert.Equal([51.0, 52.0, 53.0], scored.Select(r => r.ActualMs!.Value));
        Assert.All(scored, r => Assert.Equal(r.HrvMs - r.ActualMs!.Value, r.ErrorMs!.Value, 9));
        Assert.All(after.Where(r => r.Origin == new DateOnly(2026, 6, 3)), r => Assert.Equal(new DateTime(2026, 6, 4), r.IssuedAtUtc.Date));

        // With a chat model configured, it writes the note from the numbers it is given.
        var forecast = await grain.GetForecastAsync();
        Assert.Equal(ForecastNarrator.ChatModel, forecast.NarrativeBy);
        Assert.Equal($"Tomorrow looks like {Math.Round(forecast.Days[0].HrvMs)} ms: a normal day.", forecast.Narrative);
        Assert.NotEmpty(chat.Requests);

        var history = await grain.GetForecastHistoryAsync();
        Assert.Contains(history.Forecasts, r => r.Target == new DateOnly(2026, 6, 1) && r.ActualMs == 51);
        Assert.Single(history.Last28Days);
    }
}
