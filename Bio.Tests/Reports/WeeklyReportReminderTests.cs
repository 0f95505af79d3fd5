using System.Globalization;
using System.Text;
using Azure.Storage.Blobs;
using Bio.Core.Lake;
using Bio.Core.Reports;
using Bio.Core.Users;
using Bio.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Bio.Tests.Reports;

/// <summary>
/// The weekly reminder on a real silo (Azure Table reminders, Blob storage on Azurite), with the
/// person's clock on a Monday morning and the reminder periods shortened to two seconds.
/// </summary>
public sealed class WeeklyReportReminderTests(AzuriteFixture azurite) : IAsyncLifetime
{
    // Monday 2026-06-01, 07:30 in Berlin.
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 6, 1, 5, 30, 0, TimeSpan.Zero));
    private TestCluster cluster = null!;
    private IClusterClient client = null!;

    public async ValueTask InitializeAsync()
    {
        cluster = new TestCluster(azurite, "bio-tests-reports-" + Guid.NewGuid().ToString("N")[..8]);
        await cluster.StartSiloAsync(
            new Dictionary<string, string?> { ["Reports:Period"] = "00:00:02", ["Forecasting:Period"] = "00:00:02" },
            services => services.Replace(ServiceDescriptor.KeyedSingleton<TimeProvider>(Bio.Silo.Extensions.UserClock, clock)));
        client = await cluster.ConnectAsync();
    }

    public async ValueTask DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task TheMondayReminderStoresLastWeeksReportWithTheForecastsItScored()
    {
        var id = "wr-" + Guid.NewGuid().ToString("N")[..12];
        var grain = client.GetGrain<IUserGrain>(id);
        await client.GetGrain<IAccountGrain>(id).CreateAsync(new CreateUser("Wren", "Europe/Berlin"));
        await grain.GenerateSyntheticAsync(days: 120, seed: 73); // to Sunday 2026-05-31
        var forecast = await grain.GetForecastAsync(); // issued from 2026-05-31

        // The week's mornings arrive; it is Monday again.
        clock.SetUtcNow(new DateTimeOffset(2026, 6, 8, 5, 30, 0, TimeSpan.Zero));
        var csv = new StringBuilder("date,hrv_rmssd_ms,resting_hr_bpm,sleep_score\n");
        for (var d = 1; d <= 7; d++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"2026-06-0{d},{48 + d},{54},{80}\n");
        }

        var lake = new LakeStore(new BlobServiceClient(azurite.ConnectionString));
        await grain.IngestAsync(await lake.WriteBronzeAsync(id, new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())), "week.csv"), null, null);

        // No API call: the reminder writes the report for the week ending Sunday 2026-06-07.
        var weekEnding = new DateOnly(2026, 6, 7);
        var waited = System.Diagnostics.Stopwatch.StartNew(); // elapsed time, not the calendar
        var deadline = TimeSpan.FromSeconds(90);
        ReportInfo? info;
        while ((info = (await grain.GetReportsAsync()).FirstOrDefault(r => r.WeekEnding == weekEnding)) is null)
        {
            Assert.True(waited.Elapsed < deadline, "the weekly reminder wrote no report in time");
            await Task.Delay(500);
        }

        Assert.Equal(WeeklyReports.ByReminder, info.Trigger);
        var stored = await grain.GetReportAsync(weekEnding);
        Assert.NotNull(stored);
        var report = stored.Report;
        Assert.Equal(7, report.ThisWeek!.DaysWithData);
        Assert.Equal(Enumerable.Range(1, 7).Average(d => 48.0 + d), report.ThisWeek.HrvMean!.Value, 9);

        // The forecast for Monday 2026-06-01 was scored when its morning arrived, and the report says how it did.
        var history = await grain.GetForecastHistoryAsync();
        var scored = history.Forecasts.Where(r => r.Target >= report.WeekStart && r.Target <= weekEnding && r.ActualMs is not null).ToList();
        Assert.NotEmpty(scored);
        Assert.Equal(scored.Count, report.Accuracy.N);
        Assert.Equal(scored.Average(r => Math.Abs(r.HrvMs - r.ActualMs!.Value)), report.Accuracy.MaeMs!.Value, 9);
        Assert.Equal(forecast.Days[0].HrvMs, scored.Single(r => r.Target == new DateOnly(2026, 6, 1)).HrvMs, 9);
        Assert.Contains("How the HRV forecasts did", stored.Html, StringComparison.Ordinal);
        Assert.Contains($"data-key=\"accuracy.mae_ms\">{ReportFormat.Ms(report.Accuracy.MaeMs!.Value)}<", stored.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReportAskedForBeforeTheDaysForecastingCycleStillScoresTheWeeksForecasts()
    {
        var id = "wr-" + Guid.NewGuid().ToString("N")[..12];
        var grain = client.GetGrain<IUserGrain>(id);
        await client.GetGrain<IAccountGrain>(id).CreateAsync(new CreateUser("Wren", "Europe/Berlin"));
        await grain.GenerateSyntheticAsync(days: 120, seed: 74); // to Sunday 2026-05-31
        await grain.GetForecastAsync(); // issued from 2026-05-31 for Monday 2026-06-01

        clock.SetUtcNow(new DateTimeOffset(2026, 6, 8, 5, 30, 0, TimeSpan.Zero));
        var csv = new StringBuilder("date,hrv_rmssd_ms,resting_hr_bpm,sleep_score\n");
        for (var d = 1; d <= 7; d++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"2026-06-0{d},{50 + d},{54},{80}\n");
        }

        var lake = new LakeStore(new BlobServiceClient(azurite.ConnectionString));
        await grain.IngestAsync(await lake.WriteBronzeAsync(id, new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())), "week.csv"), null, null);

        // Straight away, before the daily reminder has had its turn: the Monday forecast is scored in it.
        var report = (await grain.GenerateReportAsync(new DateOnly(2026, 6, 7), "test")).Report;
        Assert.True(report.Accuracy.N >= 1, $"the report scored {report.Accuracy.N} forecasts");
    }
}
