using Bio.Core.Ingest;
using Bio.Core.Ingest.Garmin;
using Bio.Core.Lake;
using Bio.Tests.AgentBank;

namespace Bio.Tests.Ingest;

public sealed class GarminImporterTests
{
    private static readonly DateOnly Day = new(2026, 6, 28);

    private static ImportBatch Import(string fixture)
    {
        Assert.IsType<GarminCsvImporter>(new FormatDetector(new ZipLimits()).Detect(() => Fixture.Open(fixture), fixture, "garmin"));
        return Fixture.ImportReconciled(fixture, "garmin", TimeZoneInfo.Utc);
    }

    [Fact]
    public void HrvIsLastNightsAverageAndJsonInCellsIsLeftAlone()
    {
        var batch = Import("garmin/hrv.csv");
        Assert.Equal(46, batch.Daily.Single(o => o.Metric == Metric.HrvRmssdMs).Value);
        Assert.Contains(batch.Quarantine, r => r.Reason.StartsWith("no values: the row for 2026-06-29", StringComparison.Ordinal));
    }

    [Fact]
    public void RestingHeartRateComesFromTheJsonCell()
    {
        var batch = Import("garmin/resting_heart_rate.csv");
        Assert.Equal(56, batch.Daily.Single(o => o.Date == Day && o.Metric == Metric.RestingHrBpm).Value);
    }

    [Fact]
    public void SleepScoreComesFromThePythonDictCell()
    {
        var batch = Import("garmin/sleep_score.csv");
        Assert.Equal(79, batch.Daily.Single(o => o.Metric == Metric.SleepScore).Value);
        Assert.Equal("79", GarminCsvImporter.PythonDictValue("{'value': 79, 'qualifierKey': 'FAIR'}"));
        Assert.Null(GarminCsvImporter.PythonDictValue("{'qualifierKey': 'GOOD'}"));
    }

    [Fact]
    public void DailySummariesAndActivitiesAreRead()
    {
        var daily = Import("garmin/daily_summaries.csv");
        Assert.Equal(450, daily.Daily.Single(o => o.Metric == Metric.SleepMinutes).Value);
        Assert.Equal(10234, daily.Daily.Single(o => o.Metric == Metric.Steps).Value);

        var activities = Import("garmin/activities.csv");
        var run = Assert.Single(activities.Workouts);
        Assert.Equal("running", run.Discipline);
        Assert.Equal(TimeSpan.FromHours(-7), run.Start.Offset);
        Assert.Equal(1865.4 / 60, run.DurationMinutes, 9);
        Assert.Equal(5.2103, run.DistanceKm!.Value, 9);
    }

    [Fact]
    public void AnActivitysTypeKeyIsItsActivityAsWritten()
    {
        var run = Assert.Single(Import("garmin/activities.csv").Workouts);
        Assert.Equal(("running", "running", "Morning Run"), (run.Discipline, run.Activity, run.Title));

        var file = Path.Combine(Bank.Directory, "exports", "garmin", "activities.csv");
        var batch = Fixture.ImportReconciled(file, "garmin", TimeZoneInfo.Utc);
        var raw = RawCsv.Rows(file);
        Assert.Equal(raw.Count, batch.Workouts.Count);
        var byStart = batch.Workouts.ToDictionary(w => w.Start.DateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));
        Assert.All(raw, r => Assert.Equal(r["activityType_typeKey"], byStart[r["startTimeLocal"]!].Activity));
        var swims = raw.Count(r => r["activityType_typeKey"] == "lap_swimming");
        Assert.True(swims > 0);
        Assert.Equal(swims, batch.Workouts.Count(w => w.Activity == "lap_swimming" && w.Discipline == "swimming"));
        Assert.All(batch.Workouts, w => Assert.True(w.Instructor is null && w.Live is null && w.DeviceStrain is null));
    }

    [Fact]
    public void DailySummariesKeepTotalAndActiveKilocaloriesApart()
    {
        var daily = Import("garmin/daily_summaries.csv");
        Assert.Equal(2400, daily.Daily.Single(o => o.Metric == Metric.TotalKcal).Value);
        Assert.Equal(612, daily.Daily.Single(o => o.Metric == Metric.ActiveKcal).Value);
    }

    [Fact]
    public void DailySummariesKeepGarminsBodyBatteryAndStressLevelUnderGarminsNames()
    {
        var daily = Import("garmin/daily_summaries.csv");
        Assert.Equal(80, daily.Daily.Single(o => o.Metric == Metric.BodyBattery).Value);
        Assert.Equal(30, daily.Daily.Single(o => o.Metric == Metric.StressLevel).Value);
        Assert.DoesNotContain(daily.Daily, o => o.Metric == Metric.ReadinessScore); // a Body Battery is never a readiness
        Assert.Equal("Garmin Body Battery", Devices.ScoreLabel("body_battery", "garmin"));
        Assert.Equal("Garmin stress level", Devices.ScoreLabel("stress_level", "garmin"));

        // -1 is Garmin's "too little data": no stress level that day, and the rest of the day stands.
        const string csv = "calendarDate,totalSteps,averageStressLevel,bodyBatteryAtWakeTime\n2026-06-29,8000,-1,\n";
        var batch = new GarminCsvImporter().Import(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv)), new ImportContext("daily_summaries.csv", TimeZoneInfo.Utc));
        Assert.Equal([Metric.Steps], batch.Daily.Select(o => o.Metric));
        Assert.Empty(batch.Quarantine);
    }
}
