using System.Text;
using Bio.Core.Ingest;
using Bio.Core.Ingest.AppleHealth;
using Bio.Core.Lake;

namespace Bio.Tests.Ingest;

/// <summary>Health Auto Export's REST body (Apple Health pushed from an iPhone), summarised and as samples.</summary>
public sealed class HealthAutoExportImporterTests
{
    private const string Daily = "apple-health/health-auto-export/daily.json";
    private const string Samples = "apple-health/health-auto-export/samples.json";
    private static readonly DateOnly Jan20 = new(2024, 1, 20), Jan21 = new(2024, 1, 21);
    private static readonly DateOnly Nov2 = new(2024, 11, 2), Nov3 = new(2024, 11, 3), Nov4 = new(2024, 11, 4);

    private static ImportBatch Import(string fixture) => Fixture.ImportReconciled(fixture, "apple-health", TimeZoneInfo.Utc);

    private static ImportBatch ImportText(string json)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        return new HealthAutoExportImporter().Import(stream, new ImportContext("push.json", TimeZoneInfo.Utc));
    }

    [Theory]
    [InlineData(Daily)]
    [InlineData(Samples)]
    public void TheBodyIsDetectedAsAppleHealth(string fixture)
    {
        var importer = new FormatDetector(new ZipLimits()).Detect(() => Fixture.Open(fixture), fixture, null);
        Assert.IsType<HealthAutoExportImporter>(importer);
        Assert.Equal("apple-health", importer.Source);
    }

    [Fact]
    public void HrvIsAppleSdnnNeverRmssd()
    {
        var batch = Import(Daily);
        Assert.Equal(48.2, Fixture.Value(batch, Jan20, Metric.HrvSdnnMs));
        Assert.Equal(51.7, Fixture.Value(batch, Jan21, Metric.HrvSdnnMs));
        Assert.DoesNotContain(batch.Daily, o => o.Metric == Metric.HrvRmssdMs);
    }

    [Fact]
    public void SummarisedDaysGiveOneValueADay()
    {
        var batch = Import(Daily);
        Assert.Equal(54, Fixture.Value(batch, Jan20, Metric.RestingHrBpm));
        Assert.Equal(9342, Fixture.Value(batch, Jan20, Metric.Steps));
        Assert.Equal(601.004, Fixture.Value(batch, Jan21, Metric.ActiveKcal));
        Assert.Equal(14.8, Fixture.Value(batch, Jan21, Metric.RespiratoryRate));
        Assert.Equal(97, Fixture.Value(batch, Jan21, Metric.Spo2Percent));
        Assert.Empty(batch.Quarantine);
    }

    [Fact]
    public void ASleepSummarySpanningMidnightBelongsToItsWakeUpDayInMinutes()
    {
        var batch = Import(Daily);
        Assert.Equal(426, Fixture.Value(batch, Jan21, Metric.SleepMinutes), 6); // 7.1 hr
        Assert.Equal(252, Fixture.Value(batch, Jan21, Metric.LightMinutes), 6); // core
        Assert.Equal(66, Fixture.Value(batch, Jan21, Metric.DeepMinutes), 6);
        Assert.Equal(108, Fixture.Value(batch, Jan21, Metric.RemMinutes), 6);
        Assert.Equal(18, Fixture.Value(batch, Jan21, Metric.AwakeMinutes), 6);
        Assert.Equal(474, Fixture.Value(batch, Jan21, Metric.InBedMinutes), 6);
        Assert.DoesNotContain(batch.Daily, o => o.Date == Jan20 && o.Metric == Metric.SleepMinutes);
    }

    [Fact]
    public void MetricsBioDoesNotKeepAreSkippedWithoutRejectingAnything()
    {
        var batch = Import(Daily);
        // heart_rate (Min/Avg/Max), vo2_max and flights_climbed are not rows of Bio's; the rest is all in.
        Assert.Empty(batch.Quarantine);
        Assert.Equal(batch.RowsRead, batch.RowsAccepted);
        Assert.Equal(2 + 2 + 2 + 2 + 1 + 1 + 1 + 2, batch.RowsRead); // samples, one night, two workouts
    }

    [Fact]
    public void WorkoutsKeepTheirOffsetAndConvertSecondsAndTheAppsHeartRate()
    {
        var batch = Import(Daily);
        var run = batch.Workouts.Single(w => w.Discipline == "running");
        Assert.Equal("Outdoor Run", run.Activity);
        Assert.Equal(30.57, run.DurationMinutes, 2); // 1834.2 s
        Assert.Equal(TimeSpan.FromHours(-8), run.Start.Offset);
        Assert.Equal(Jan21, run.LocalDate);
        Assert.Equal(312, run.Kcal);
        Assert.Equal(5.1, run.DistanceKm);
        Assert.Equal(151, run.AvgHr);
        Assert.Equal(174, run.MaxHr);

        var strength = batch.Workouts.Single(w => w.Discipline == "strength");
        Assert.Equal(45, strength.DurationMinutes);
        Assert.Equal(248.6, strength.Kcal);
        Assert.Equal(118, strength.AvgHr);
        Assert.Equal(149, strength.MaxHr);
    }

    [Fact]
    public void EachSampleLandsOnItsOwnLocalDateAcrossTheDstChange()
    {
        // 23:30 at -0700 and 23:40 at -0800 are the next day in UTC; the person's zone (UTC here) moves nothing.
        var batch = Import(Samples);
        Assert.Equal(40, Fixture.Value(batch, Nov2, Metric.HrvSdnnMs), 6); // (41.6 + 38.4) / 2
        Assert.Equal(48, Fixture.Value(batch, Nov3, Metric.HrvSdnnMs), 6); // (52 + 44) / 2, either side of the change
    }

    [Fact]
    public void ADayTakesOneSourceTheWatchFirst()
    {
        var batch = Import(Samples);
        Assert.Equal(35.5, Fixture.Value(batch, Nov4, Metric.HrvSdnnMs)); // not mixed with the ring's 55.5
        Assert.Equal(750, Fixture.Value(batch, Nov3, Metric.Steps)); // the watch's, not the phone's counted again
    }

    [Fact]
    public void SamplesTheAppAlreadyMergedAcrossSourcesAllCount()
    {
        var batch = ImportText("""
            {"data":{"metrics":[{"name":"step_count","units":"count","data":[
              {"date":"2024-11-03 08:01:00 -0800","qty":300,"source":"Ada’s Apple Watch|Ada’s iPhone"},
              {"date":"2024-11-03 12:30:00 -0800","qty":40,"source":"Ada’s iPhone"}]}]}}
            """);
        Assert.Equal(340, Fixture.Value(batch, Nov3, Metric.Steps)); // the phone's walk at noon is no duplicate of the watch's minute
        Assert.Equal(2, batch.RowsAccepted);
    }

    [Fact]
    public void KilojoulesBecomeKilocalories()
    {
        var batch = Import(Samples);
        Assert.Equal(300, Fixture.Value(batch, Nov3, Metric.ActiveKcal), 6); // 418.4 + 836.8 kJ
        var run = batch.Workouts.Single();
        Assert.Equal(312, run.Kcal!.Value, 1); // 1305.4 kJ
        Assert.Equal(5.10, run.DistanceKm!.Value, 2); // 3.17 mi
        Assert.Equal(128.7, run.AvgHr); // mean of the per-minute averages
        Assert.Equal(163, run.MaxHr);
    }

    [Fact]
    public void ASampleWithNoQtyIsRejectedWithItsReason()
    {
        var batch = Import(Samples);
        var rejection = Assert.Single(batch.Quarantine);
        Assert.StartsWith("no value: the heart_rate_variability sample of 2024-11-04 09:00:00 -0800 has no qty", rejection.Reason, StringComparison.Ordinal);
        Assert.Contains("heart_rate_variability", rejection.Raw, StringComparison.Ordinal);
    }

    [Fact]
    public void SleepStagesOfANightAcrossMidnightAndTheDstChangeAddUpOnTheWakeUpDay()
    {
        var batch = Import(Samples);
        Assert.Equal(300, Fixture.Value(batch, Nov3, Metric.LightMinutes), 6); // 50 (before midnight) + 70 (across the change) + 180
        Assert.Equal(75, Fixture.Value(batch, Nov3, Metric.DeepMinutes), 6);
        Assert.Equal(120, Fixture.Value(batch, Nov3, Metric.RemMinutes), 6);
        Assert.Equal(15, Fixture.Value(batch, Nov3, Metric.AwakeMinutes), 6);
        Assert.Equal(495, Fixture.Value(batch, Nov3, Metric.SleepMinutes), 6); // core + deep + REM
        Assert.Equal(530, Fixture.Value(batch, Nov3, Metric.InBedMinutes), 6); // 8 h 50 min of real time, not 7 h 50
        Assert.DoesNotContain(batch.Daily, o => o.Date == Nov2 && o.Metric is Metric.LightMinutes or Metric.SleepMinutes);
    }

    [Fact]
    public void EveryRejectedRowHasAReason()
    {
        const string body = """
            {"data":{"metrics":[
              {"name":"resting_heart_rate","units":"count/min","data":[
                {"date":"2024-01-20 00:00:00 -0800","qty":54},
                {"date":"20/01/2024","qty":55},
                {"date":"2024-01-21 00:00:00 -0800","qty":400}]},
              {"name":"active_energy","units":"furlongs","data":[{"date":"2024-01-20 00:00:00 -0800","qty":5}]},
              {"name":"sleep_analysis","units":"hr","data":[{"date":"2024-01-21","asleep":0,"inBed":0}]}],
             "workouts":[{"name":"Walk","start":"yesterday","duration":600},{"name":"Walk","start":"2024-01-20 12:00:00 -0800"}]}}
            """;
        var batch = ImportText(body);
        Assert.Equal(7, batch.RowsRead);
        Assert.Equal(1, batch.RowsAccepted);
        Assert.Equal(6, batch.Quarantine.Count);
        Assert.All(batch.Quarantine, r => Assert.False(string.IsNullOrWhiteSpace(r.Reason)));
        Assert.Contains(batch.Quarantine, r => r.Reason.StartsWith("date is not", StringComparison.Ordinal));
        Assert.Contains(batch.Quarantine, r => r.Reason.StartsWith("out of range: resting_hr_bpm = 400", StringComparison.Ordinal));
        Assert.Contains(batch.Quarantine, r => r.Reason.StartsWith("unit not understood: active_energy in 'furlongs'", StringComparison.Ordinal));
        Assert.Contains(batch.Quarantine, r => r.Reason.StartsWith("no values: the sleep of 2024-01-21", StringComparison.Ordinal));
        Assert.Contains(batch.Quarantine, r => r.Reason.StartsWith("workout date is not", StringComparison.Ordinal));
        Assert.Contains(batch.Quarantine, r => r.Reason == "workout has no duration or end");
    }

    [Fact]
    public void AnEmptyPushIsAnEmptyImportNotAnError()
    {
        var batch = ImportText("""{"data":{"metrics":[],"workouts":[]}}""");
        Assert.Equal(0, batch.RowsRead);
        Assert.Empty(batch.Quarantine);
    }

    [Theory]
    [InlineData("""{"data":{"metrics":[{"name":"step_count","units":"count","data":[{"date":"2024-01-20 00:00:00 -0800","qty":1}""")]
    [InlineData("""{"data":[{"metrics":[]}]}""")]
    public void AMalformedBodyIsRefusedWithASentence(string body)
    {
        var detector = new FormatDetector(new ZipLimits());
        var e = Assert.Throws<ImportFormatException>(() => detector.Detect(() => new MemoryStream(Encoding.UTF8.GetBytes(body)), "push.json", "apple-health"));
        Assert.Contains("push.json", e.Message, StringComparison.Ordinal);
    }
}
