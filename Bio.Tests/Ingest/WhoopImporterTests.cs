using Bio.Core.Ingest;
using Bio.Core.Ingest.Whoop;
using Bio.Tests.AgentBank;

namespace Bio.Tests.Ingest;

public sealed class WhoopImporterTests
{
    private static readonly ImportContext Context = new("whoop", TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles"));

    private static ImportBatch Import(string fixture)
    {
        using var stream = Fixture.Open(fixture);
        return new WhoopCsvImporter().Import(stream, Context);
    }

    private static double Value(ImportBatch batch, DateOnly day, Metric metric) =>
        batch.Daily.Single(o => o.Date == day && o.Metric == metric).Value;

    [Fact]
    public void CyclesGiveRecoveryAndSleepOnTheWakeDay()
    {
        var batch = Import("whoop/physiological_cycles.csv");

        // Cycle starting 2024-11-04 23:10 is the night into the 5th.
        Assert.Equal(64, Value(batch, new DateOnly(2024, 11, 5), Metric.HrvRmssdMs));
        Assert.Equal(71, Value(batch, new DateOnly(2024, 11, 5), Metric.RecoveryScore));
        Assert.Equal(430, Value(batch, new DateOnly(2024, 11, 5), Metric.SleepMinutes));
        Assert.Equal(33.41, Value(batch, new DateOnly(2024, 11, 5), Metric.SkinTempC));
        // The current cycle has no strain yet: none is invented.
        Assert.DoesNotContain(batch.Daily, o => o.Date == new DateOnly(2024, 11, 5) && o.Metric == Metric.DeviceStrain);
        // The first cycle of the account starts at 00:00 and stays on its own date.
        Assert.Equal(58, Value(batch, new DateOnly(2024, 10, 30), Metric.HrvRmssdMs));
        Assert.All(batch.Daily, o => Assert.NotEqual(Metric.HrvSdnnMs, o.Metric));
    }

    [Fact]
    public void NewestFirstRowsAcrossDstAndTravelAllLand()
    {
        var batch = Import("whoop/physiological_cycles.csv");
        var days = batch.Daily.Where(o => o.Metric == Metric.HrvRmssdMs).Select(o => o.Date).Order().ToList();
        Assert.Equal([new DateOnly(2024, 10, 30), new DateOnly(2024, 11, 3), new DateOnly(2024, 11, 4), new DateOnly(2024, 11, 5)], days);
    }

    [Fact]
    public void BrokenAndEmptyCyclesAreQuarantinedWithReasons()
    {
        var batch = Import("whoop/physiological_cycles.csv");
        Assert.Equal(6, batch.RowsRead);
        Assert.Equal(batch.RowsRead, batch.RowsAccepted + batch.Quarantine.Count);
        Assert.Contains(batch.Quarantine, r => r.Reason.StartsWith("out of range: hrv_rmssd_ms = 999", StringComparison.Ordinal));
        // The cycle with only strain is accepted (strain is a value); the HRV-999 one is refused.
        Assert.Equal(6.1, Value(batch, new DateOnly(2024, 11, 2), Metric.DeviceStrain));
    }

    [Fact]
    public void NapsAddNapMinutesAndNeverReplaceTheNight()
    {
        var batch = Import("whoop/sleeps.csv");
        Assert.Equal(25, Value(batch, new DateOnly(2024, 11, 4), Metric.NapMinutes));
        Assert.Equal(400, Value(batch, new DateOnly(2024, 11, 4), Metric.SleepMinutes));
        Assert.Equal(3, batch.RowsAccepted);
    }

    [Fact]
    public void CyclesAndSleepsGiveTheNightsSleepNeedAndDebtOnTheWakeDay()
    {
        var cycles = Import("whoop/physiological_cycles.csv");
        Assert.Equal(480, Value(cycles, new DateOnly(2024, 11, 5), Metric.SleepNeedMinutes));
        Assert.Equal(12, Value(cycles, new DateOnly(2024, 11, 5), Metric.SleepDebtMinutes));
        // No debt is a debt of 0, kept; the cycle with only strain has no need and no debt (absent, not 0).
        Assert.Equal(0, Value(cycles, new DateOnly(2024, 11, 3), Metric.SleepDebtMinutes));
        Assert.DoesNotContain(cycles.Daily, o => o.Date == new DateOnly(2024, 11, 2) && o.Metric is Metric.SleepNeedMinutes or Metric.SleepDebtMinutes);

        var sleeps = Import("whoop/sleeps.csv");
        // The night's need and debt; the nap of the 4th (empty need and debt) adds nothing to them.
        Assert.Equal(490, Value(sleeps, new DateOnly(2024, 11, 4), Metric.SleepNeedMinutes));
        Assert.Equal(30, Value(sleeps, new DateOnly(2024, 11, 4), Metric.SleepDebtMinutes));
    }

    [Fact]
    public void TheZipsCycleAndSleepRowsAgreeOnOneSleepNeedADay()
    {
        var batch = Fixture.ImportReconciled("whoop/my_whoop_data_2024_11_05.zip", null, Context.Zone);
        Assert.DoesNotContain(batch.Quarantine, r => r.Reason.StartsWith("conflicting", StringComparison.Ordinal));
        var silver = new Bio.Core.Lake.Silver();
        silver.Merge(batch, "i");
        Assert.Equal(new Bio.Core.Lake.DailyCell(490, "whoop", "i"), silver.Daily[(new DateOnly(2024, 11, 4), Metric.SleepNeedMinutes)]);
        Assert.Equal(new Bio.Core.Lake.DailyCell(30, "whoop", "i"), silver.Daily[(new DateOnly(2024, 11, 4), Metric.SleepDebtMinutes)]);
    }

    [Fact]
    public void ApiSleepNeedIsTheSumOfItsPartsLessTheNapCreditAndTheDebtIsItsOwnPart()
    {
        var batch = Fixture.ImportReconciled("whoop/whoop-api-v2-sleep.json", null, Context.Zone);
        var day = new DateOnly(2024, 11, 5);
        // 450 min baseline + 35 from debt + 8 from strain - 1 for a nap = 492 min (8 h 12 min); the debt part is 35 min.
        Assert.Equal(492, Value(batch, day, Metric.SleepNeedMinutes), 9);
        Assert.Equal(35, Value(batch, day, Metric.SleepDebtMinutes), 9);
        Assert.DoesNotContain(batch.Daily, o => o.Date == new DateOnly(2024, 11, 4) && o.Metric == Metric.SleepNeedMinutes); // the nap's day
    }

    [Fact]
    public void ABaselineAloneIsNotTheNightsSleepNeed()
    {
        const string json = """
            {"records": [{"id": "s1", "cycle_id": 1, "start": "2024-11-05T07:10:00.000Z", "end": "2024-11-05T15:02:00.000Z",
              "timezone_offset": "-08:00", "nap": false, "score_state": "SCORED",
              "score": {"stage_summary": {"total_light_sleep_time_milli": 13200000, "total_slow_wave_sleep_time_milli": 5700000,
                "total_rem_sleep_time_milli": 6900000}, "sleep_needed": {"baseline_milli": 28800000}, "sleep_performance_percentage": 88}}]}
            """;
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
        var batch = new WhoopJsonImporter().Import(stream, Context);
        Assert.Equal(88, Value(batch, new DateOnly(2024, 11, 5), Metric.SleepScore));
        Assert.DoesNotContain(batch.Daily, o => o.Metric is Metric.SleepNeedMinutes or Metric.SleepDebtMinutes);
    }

    [Fact]
    public void WorkoutsKeepTheirLocalOffsetAndUnits()
    {
        var batch = Import("whoop/workouts.csv");
        var run = batch.Workouts.Single(w => w.Discipline == "running");
        Assert.Equal(new DateTimeOffset(2024, 11, 4, 17, 30, 0, TimeSpan.FromHours(-8)), run.Start);
        Assert.Equal(new DateOnly(2024, 11, 4), run.LocalDate);
        Assert.Equal(10.24, run.DistanceKm!.Value, 9);
        Assert.Equal(612, run.Kcal);
        Assert.Equal(TimeSpan.FromHours(-7), batch.Workouts.Single(w => w.Discipline == "walking").Start.Offset);
        var generic = batch.Workouts.Single(w => w.Title == "Activity");
        Assert.Equal("other", generic.Discipline);
        Assert.Null(generic.DistanceKm);
    }

    [Fact]
    public void AWorkoutKeepsWhoopsActivityNameAndItsActivityStrain()
    {
        var batch = Import("whoop/workouts.csv");
        var run = batch.Workouts.Single(w => w.Discipline == "running");
        Assert.Equal(("Running", (double?)12.4), (run.Activity, run.DeviceStrain));
        var hike = batch.Workouts.Single(w => w.Discipline == "walking");
        Assert.Equal(("Hiking/Rucking", (double?)8.1), (hike.Activity, hike.DeviceStrain));
        var generic = batch.Workouts.Single(w => w.Discipline == "other");
        Assert.Equal(("Activity", (double?)5.0), (generic.Activity, generic.DeviceStrain)); // WHOOP's generic name, as written
        Assert.All(batch.Workouts, w => Assert.True(w.Instructor is null && w.Live is null));
    }

    [Theory]
    [InlineData("whoop-a")]
    [InlineData("whoop-b")]
    public void EveryWorkoutOfARealShapedExportHasTheActivityNameAndStrainItsRowSays(string dataset)
    {
        var zip = Bank.Uploads(dataset).Single();
        using var stream = File.OpenRead(zip);
        var batch = new WhoopZipImporter(new ZipLimits()).Import(stream, Context);
        var raw = RawCsv.Rows(Path.Combine(Bank.Directory, "exports", dataset, "workouts.csv"));

        Assert.Equal(raw.Count, batch.Workouts.Count);
        var byStart = batch.Workouts.ToDictionary(w => w.Start.DateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));
        Assert.All(raw, r =>
        {
            var workout = byStart[r["Workout start time"]!];
            Assert.Equal(r["Activity name"], workout.Activity);
            Assert.Equal(double.Parse(r["Activity Strain"]!, System.Globalization.CultureInfo.InvariantCulture), workout.DeviceStrain);
            Assert.Equal(Disciplines.Normalize(r["Activity name"]), workout.Discipline);
        });
        Assert.Contains(batch.Workouts, w => w.Activity != null && Disciplines.Normalize(w.Activity) != w.Activity); // the device's name is not Bio's
    }

    [Fact]
    public void TheFunctionalFitnessOfTheTwelfthOfJanuaryHasItsOwnStrain()
    {
        using var stream = File.OpenRead(Bank.Uploads("whoop-a").Single());
        var batch = new WhoopZipImporter(new ZipLimits()).Import(stream, Context);
        var raw = RawCsv.Rows(Path.Combine(Bank.Directory, "exports", "whoop-a", "workouts.csv")).Single(r => r["Workout start time"] == "2025-01-12 12:15:00");

        var workout = batch.Workouts.Single(w => w.Start == new DateTimeOffset(2025, 1, 12, 12, 15, 0, TimeSpan.FromHours(-5)));

        Assert.Equal(("strength", "Functional Fitness"), (workout.Discipline, workout.Activity));
        Assert.Equal("Functional Fitness", raw["Activity name"]);
        Assert.Equal(6.1, double.Parse(raw["Activity Strain"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(6.1, workout.DeviceStrain);
    }

    [Fact]
    public void JournalQuestionsAreTrimmed()
    {
        var batch = Import("whoop/journal_entries.csv");
        var caffeine = batch.Journal.Single(j => j.Question == "Have any caffeine?");
        Assert.True(caffeine.Answer);
        Assert.Equal("two espressos before noon", caffeine.Notes);
        Assert.Equal(new DateOnly(2024, 11, 4), caffeine.Date);
        Assert.Null(batch.Journal.Single(j => j.Question.Contains("alcohol", StringComparison.Ordinal)).Notes);
    }

    [Fact]
    public void AnExcelResavedFileIsRefusedRowByRowNeverGuessed()
    {
        var batch = Import("whoop/physiological_cycles_excel.csv");
        Assert.Empty(batch.Daily);
        var rejection = Assert.Single(batch.Quarantine); // the bare-comma rows are blank, not rows
        Assert.Contains("11/4/2024 23:10", rejection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TheZipImportsAllFourFilesAsOneBatch()
    {
        using var stream = Fixture.Open("whoop/my_whoop_data_2024_11_05.zip");
        var batch = new WhoopZipImporter(new ZipLimits()).Import(stream, Context);
        Assert.Equal(6 + 3 + 3 + 2, batch.RowsRead);
        Assert.Equal(3, batch.Workouts.Count);
        Assert.Equal(2, batch.Journal.Count);
        Assert.Contains(batch.Daily, o => o.Metric == Metric.NapMinutes);
        // The one bad row (an HRV of 999) is reported with its file inside the zip.
        var rejected = Assert.Single(batch.Quarantine);
        Assert.Equal("whoop/my_whoop_data_2024_11_05/physiological_cycles.csv", rejected.File);
        Assert.StartsWith("out of range: hrv_rmssd_ms", rejected.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TwoSleepsEndingOnOneDayAreTheMainSleepAndANapAndACycleWithoutSleepKeepsItsOwnDay()
    {
        // A flight: a short night ending 02:30 on 12 March (UTC-05:00), then a cycle slept 13:30-16:10 after
        // landing (UTC+01:00). Both wake on the 12th; the longer sleep is the day's, the other a nap. And a
        // cycle from noon to 23:50 with strain but no sleep (the strap off overnight) is the 10th's, not the 11th's.
        using var zip = new MemoryStream();
        using (var archive = new System.IO.Compression.ZipArchive(zip, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var name in new[] { "sleeps.csv", "physiological_cycles.csv" })
            {
                using var entry = archive.CreateEntry($"my_whoop_data/{name}").Open();
                using var file = Fixture.Open($"whoop/two-sleeps/{name}");
                file.CopyTo(entry);
            }
        }

        zip.Position = 0;
        var batch = new WhoopZipImporter(new ZipLimits()).Import(zip, Context);
        var day = new DateOnly(2024, 3, 12);
        Assert.Equal(250, One(batch, day, Metric.SleepMinutes));
        Assert.Equal(48, One(batch, day, Metric.HrvRmssdMs));
        Assert.Equal(55, One(batch, day, Metric.RecoveryScore));
        Assert.Equal(150, One(batch, day, Metric.NapMinutes));
        Assert.Equal(6.0, One(batch, day, Metric.DeviceStrain));
        Assert.Equal(5.4, One(batch, new DateOnly(2024, 3, 10), Metric.DeviceStrain));
        Assert.Equal(12.5, One(batch, new DateOnly(2024, 3, 11), Metric.DeviceStrain));
        Assert.Equal(60, One(batch, new DateOnly(2024, 3, 13), Metric.HrvRmssdMs));
        Assert.Equal(50, One(batch, new DateOnly(2024, 3, 9), Metric.HrvRmssdMs));

        // A sleep's cycle row and its sleeps.csv row say the same, so each value is one value.
        static double One(ImportBatch batch, DateOnly day, Metric metric) =>
            Assert.Single(batch.Daily.Where(o => o.Date == day && o.Metric == metric).Select(o => o.Value).Distinct());

        // Nothing is quarantined, nothing conflicts, and every row is accounted for.
        batch.QuarantineConflicts();
        Assert.Empty(batch.Quarantine);
        var outcome = new Bio.Core.Lake.Silver().Merge(batch, "i-two-sleeps");
        Assert.Equal(batch.RowsRead, outcome.RowsAccepted + outcome.RowsDuplicate + batch.Quarantine.Count);
        Assert.Equal(6 + 5, batch.RowsRead);
    }

    [Theory]
    [InlineData("2024-03-12 13:30:00", "2024-03-12 23:00:00", "2024-03-12 16:10:00", "2024-03-12")] // a daytime sleep: the day it was slept
    [InlineData("2024-03-11 23:10:00", "2024-03-12 22:30:00", "2024-03-12 07:00:00", "2024-03-12")]
    [InlineData("2023-10-30 12:00:00", "2023-10-30 23:54:00", null, "2023-10-30")] // no sleep: the date of its middle
    [InlineData("2024-11-04 23:10:00", null, null, "2024-11-05")] // open and unslept: start + 12 h
    public void ACyclesDayIsItsWakeOnsetsDate(string start, string? end, string? wake, string day)
    {
        static DateTime? T(string? s) => s is null ? null : DateTime.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture), WhoopTime.CycleDay(T(start)!.Value, T(end), T(wake)));
    }

    [Theory]
    [InlineData("UTC-04:00", -4 * 60)]
    [InlineData("UTC+01:00", 60)]
    [InlineData("UTC+05:30", 330)]
    [InlineData("UTC", 0)]
    public void ParsesCycleTimeZones(string text, int minutes)
    {
        Assert.True(WhoopTime.TryOffset(text, out var offset));
        Assert.Equal(TimeSpan.FromMinutes(minutes), offset);
    }

    [Theory]
    [InlineData("-04:00")]
    [InlineData("UTC-4")]
    [InlineData("UTC+15:00")]
    [InlineData("PST")]
    public void RefusesOtherTimeZoneWritings(string text) => Assert.False(WhoopTime.TryOffset(text, out _));

    [Fact]
    public void EnergyBurnedIsTheCyclesTotalKcalOnItsWakeDay()
    {
        var batch = Import("whoop/physiological_cycles.csv");
        // The cycle from 2024-11-03 22:50 to 11-04 23:10 burned 2450 kcal: the 4th's total, not the 3rd's.
        Assert.Equal(2450, Value(batch, new DateOnly(2024, 11, 4), Metric.TotalKcal));
        Assert.Equal(1980, Value(batch, new DateOnly(2024, 11, 3), Metric.TotalKcal));
        Assert.Equal(1500, Value(batch, new DateOnly(2024, 11, 2), Metric.TotalKcal));
        Assert.Equal(1800, Value(batch, new DateOnly(2024, 10, 30), Metric.TotalKcal));
        // The current cycle has no energy yet, and WHOOP gives no active calories: none is invented.
        Assert.DoesNotContain(batch.Daily, o => o.Date == new DateOnly(2024, 11, 5) && o.Metric == Metric.TotalKcal);
        Assert.DoesNotContain(batch.Daily, o => o.Metric == Metric.ActiveKcal);
    }

    [Fact]
    public void TheZipsEnergyBurnedIsTotalKcalAndWorkoutCaloriesStayOnTheWorkouts()
    {
        using var stream = Fixture.Open("whoop/my_whoop_data_2024_11_05.zip");
        var batch = new WhoopZipImporter(new ZipLimits()).Import(stream, Context);
        Assert.Equal(2450, Value(batch, new DateOnly(2024, 11, 4), Metric.TotalKcal));
        Assert.DoesNotContain(batch.Daily, o => o.Metric == Metric.ActiveKcal);
        Assert.Contains(batch.Workouts, w => w.Kcal is > 0);
    }
}
