using Bio.Core.Ingest;
using Bio.Core.Ingest.Oura;
using Bio.Core.Ingest.Whoop;
using Bio.Core.Lake;

namespace Bio.Tests.Ingest;

public sealed class JsonImporterTests
{
    private static readonly FormatDetector Detector = new(new ZipLimits());
    private static readonly TimeZoneInfo LosAngeles = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");

    private static ImportBatch Import(string fixture)
    {
        return Fixture.ImportReconciled(fixture, null, LosAngeles);
    }

    private static double Value(ImportBatch batch, DateOnly day, Metric metric) => Fixture.Value(batch, day, metric);

    [Fact]
    public void OuraV2SleepTakesTheLongSleepAndTheLateNapBelongsToTheNextDay()
    {
        var batch = Import("oura/oura-api-v2-sleep.json");
        var day = new DateOnly(2024, 7, 9);
        Assert.Equal(47, Value(batch, day, Metric.HrvRmssdMs));
        Assert.Equal(82, Value(batch, day, Metric.ReadinessScore));
        Assert.Equal(25, Value(batch, day, Metric.NapMinutes));
        Assert.Contains(batch.Quarantine, r => r.Reason.Contains("'7/10/2024'", StringComparison.Ordinal));
    }

    [Fact]
    public void OuraV2DailyReadinessWithNullsIsQuarantinedNotInvented()
    {
        var batch = Import("oura/oura-api-v2-daily_readiness.json");
        Assert.Equal(82, Value(batch, new DateOnly(2024, 7, 9), Metric.ReadinessScore));
        Assert.Contains(batch.Quarantine, r => r.Reason.StartsWith("no values", StringComparison.Ordinal));
    }

    [Fact]
    public void OuraV2SleepCarriesTheNightsReadinessContributorsAndANullOneStaysAbsent()
    {
        var batch = Import("oura/oura-api-v2-sleep.json");
        var day = new DateOnly(2024, 7, 9);
        Assert.Equal(80, Value(batch, day, Metric.ReadinessHrvBalance));
        Assert.Equal(98, Value(batch, day, Metric.ReadinessBodyTemperature));
        Assert.Equal(77, Value(batch, day, Metric.ReadinessPreviousNight));
        Assert.Equal(91, Value(batch, day, Metric.ReadinessRestingHeartRate));
        Assert.DoesNotContain(batch.Daily, o => o.Metric == Metric.ReadinessSleepBalance); // null in the API
        Assert.Equal(7, batch.Daily.Count(o => Devices.ContributorOf(o.Metric) is not null));
    }

    [Fact]
    public void OuraV2DailyReadinessKeepsItsContributors()
    {
        var batch = Import("oura/oura-api-v2-daily_readiness.json");
        var day = new DateOnly(2024, 7, 9);
        Assert.Equal(
            [95.0, 75, 100, 100, 85, 88, 90, 80],
            Devices.OuraReadinessContributors.Select(c => Value(batch, day, c.Metric)));
        Assert.DoesNotContain(batch.Daily, o => o.Date == new DateOnly(2024, 7, 10));
    }

    [Fact]
    public void OuraV1UsesTheWakeDayAndTreatsZeroAsNoValue()
    {
        var batch = Import("oura/oura-api-v1-sleep.json");
        Assert.Equal(44, Value(batch, new DateOnly(2020, 6, 26), Metric.HrvRmssdMs)); // bedtime_end's date, not 25-06-20
        // The second night has no bedtime_end: its dd-mm-yy summary date + 1; rmssd 0 means "none".
        Assert.DoesNotContain(batch.Daily, o => o.Date == new DateOnly(2020, 6, 27) && o.Metric == Metric.HrvRmssdMs);
        Assert.Equal(52, Value(batch, new DateOnly(2020, 6, 27), Metric.RestingHrBpm));
    }

    [Fact]
    public void OuraHeartRateSamplesGiveALowerPriorityRestingHeartRate()
    {
        var batch = Import("oura/oura-api-v2-heartrate.json");
        // 10:00 and 11:00 UTC are the 9th in Los Angeles; the lowest rest sample is the day's value.
        var rhr = batch.Daily.Single(o => o.Metric == Metric.RestingHrBpm);
        Assert.Equal((new DateOnly(2024, 7, 9), 49.0, OuraJsonImporter.HeartRateSource), (rhr.Date, rhr.Value, rhr.Source));
        // The 10th has only awake and live samples: no resting value is invented.
        Assert.Equal(2, batch.Quarantine.Count(r => r.Reason.Contains("no resting heart-rate sample on 2024-07-10", StringComparison.Ordinal)));

        // The night's measured lowest heart rate wins over the samples, whichever is imported first.
        var silver = new Silver();
        silver.Merge(batch, "hr");
        var night = new ImportBatch("oura");
        night.Daily.Add(new DailyObservation(new DateOnly(2024, 7, 9), Metric.RestingHrBpm, 47, "oura", 1));
        silver.Merge(night, "sleep");
        silver.Merge(Import("oura/oura-api-v2-heartrate.json"), "hr-again");
        Assert.Equal(47, silver.Daily[(new DateOnly(2024, 7, 9), Metric.RestingHrBpm)].Value);
    }

    [Fact]
    public void WhoopRecoveryKeepsTheNightsOfTwoPerCycleAndUsesThePersonsZone()
    {
        var batch = Import("whoop/whoop-api-v2-recovery.json");
        var day = new DateOnly(2024, 11, 5); // created 15:10 UTC = 07:10 in Los Angeles
        Assert.Equal(64.25, Value(batch, day, Metric.HrvRmssdMs));
        Assert.Equal(71, Value(batch, day, Metric.RecoveryScore));
        Assert.DoesNotContain(batch.Daily, o => o.Metric == Metric.HrvRmssdMs && o.Value == 35.5);
        Assert.Contains(batch.Quarantine, r => r.Reason.Contains("not scored", StringComparison.Ordinal));
    }

    [Fact]
    public void WhoopSleepIsInMillisecondsAndNapsAreApart()
    {
        var batch = Import("whoop/whoop-api-v2-sleep.json");
        var day = new DateOnly(2024, 11, 5);
        Assert.Equal(430, Value(batch, day, Metric.SleepMinutes), 9);
        Assert.Equal(472, Value(batch, day, Metric.InBedMinutes), 9);
        Assert.Equal(88, Value(batch, day, Metric.SleepScore));
        Assert.Equal(25, Value(batch, new DateOnly(2024, 11, 4), Metric.NapMinutes), 9);
    }

    [Fact]
    public void WhoopWorkoutsFromABareArrayConvertKilojoules()
    {
        var batch = Import("whoop/workouts.json");
        var run = Assert.Single(batch.Workouts);
        Assert.Equal(new DateTimeOffset(2024, 11, 4, 17, 30, 0, TimeSpan.FromHours(-8)), run.Start);
        Assert.Equal(52, run.DurationMinutes, 9);
        Assert.Equal(2561.3 / 4.184, run.Kcal!.Value, 9);
        Assert.Equal(10.2405, run.DistanceKm!.Value, 9);
    }

    [Fact]
    public void AWhoopApiWorkoutKeepsItsSportNameAndScoreStrain()
    {
        var run = Assert.Single(Import("whoop/workouts.json").Workouts);
        Assert.Equal(("running", "running", 12.4), (run.Discipline, run.Activity, run.DeviceStrain));
        Assert.Null(run.Instructor);
        Assert.Null(run.Live);

        var json = """
            [{"id": "w2", "start": "2024-11-06T17:00:00.000Z", "end": "2024-11-06T17:40:00.000Z", "timezone_offset": "+01:00",
              "sport_name": "functional-fitness", "sport_id": 48, "score_state": "SCORED", "score": {"strain": 9.8, "kilojoule": 1200.0}}]
            """;
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
        var lift = Assert.Single(new WhoopJsonImporter().Import(stream, new ImportContext("workouts.json", LosAngeles)).Workouts);
        Assert.Equal(("strength", "functional-fitness", 9.8), (lift.Discipline, lift.Activity, lift.DeviceStrain));
    }

    [Fact]
    public void OuraApiWorkoutsKeepTheirActivityAsWritten()
    {
        var batch = Import("oura/oura-api-v2-workout.json");
        Assert.Equal(2, batch.Workouts.Count);
        var ride = batch.Workouts.Single(w => w.Discipline == "cycling");
        Assert.Equal(("cycling", "cycling", 50.0), (ride.Activity, ride.Title, ride.DurationMinutes));
        var walk = batch.Workouts.Single(w => w.Discipline == "walking");
        Assert.Equal(("walking", "Lunch walk"), (walk.Activity, walk.Title));
        Assert.All(batch.Workouts, w => Assert.True(w.Instructor is null && w.Live is null && w.DeviceStrain is null));
    }

    [Theory]
    [InlineData("oura/oura-api-v2-sleep.json", typeof(OuraJsonImporter))]
    [InlineData("oura/oura-api-v1-sleep.json", typeof(OuraJsonImporter))]
    [InlineData("oura/oura-api-v2-heartrate.json", typeof(OuraJsonImporter))]
    [InlineData("whoop/whoop-api-v2-recovery.json", typeof(WhoopJsonImporter))]
    [InlineData("whoop/workouts.json", typeof(WhoopJsonImporter))]
    public void IsDetectedByContent(string fixture, Type expected) =>
        Assert.IsType(expected, Detector.Detect(() => Fixture.Open(fixture), "upload", null));

    private static ImportBatch ImportJson(string json) =>
        Detector.Detect(() => new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)), "page.json", null)
            .Import(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)), new ImportContext("page.json", LosAngeles));

    [Fact]
    public void WhoopCycleKilojoulesAreTheWakeDaysTotalKcal()
    {
        // A cycle starting 22:50 on 11-02 in Los Angeles (06:50Z on the 3rd) is the 3rd's; 10250.8 kJ is 2450 kcal.
        const string json = """
            {"records":[{"id":93845,"user_id":10129,"created_at":"2024-11-04T07:10:00.000Z","updated_at":"2024-11-04T07:10:00.000Z",
              "start":"2024-11-03T06:50:00.000Z","end":"2024-11-04T07:10:00.000Z","timezone_offset":"-08:00","score_state":"SCORED",
              "score":{"strain":14.2,"kilojoule":10250.8,"average_heart_rate":78,"max_heart_rate":171}}],"next_token":null}
            """;
        var batch = ImportJson(json);
        Assert.Equal(2450, Value(batch, new DateOnly(2024, 11, 3), Metric.TotalKcal), 6);
        Assert.Equal(14.2, Value(batch, new DateOnly(2024, 11, 3), Metric.DeviceStrain));
        Assert.DoesNotContain(batch.Daily, o => o.Metric == Metric.ActiveKcal);
    }

    [Fact]
    public void OuraDailyActivityKeepsTotalAndActiveCaloriesApart()
    {
        const string json = """
            {"data":[{"id":"a1","day":"2024-07-09","score":81,"active_calories":450,"total_calories":2650,"steps":9120,"timestamp":"2024-07-09T04:00:00-07:00"},
                     {"id":"a2","day":"2024-07-10","score":null,"active_calories":0,"total_calories":0,"steps":0,"timestamp":"2024-07-10T04:00:00-07:00"}],"next_token":null}
            """;
        var batch = ImportJson(json);
        Assert.Equal(2650, Value(batch, new DateOnly(2024, 7, 9), Metric.TotalKcal));
        Assert.Equal(450, Value(batch, new DateOnly(2024, 7, 9), Metric.ActiveKcal));
        Assert.DoesNotContain(batch.Daily, o => o.Date == new DateOnly(2024, 7, 10) && o.Metric == Metric.TotalKcal);
    }
}
