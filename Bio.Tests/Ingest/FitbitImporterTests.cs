using Bio.Core.Ingest;
using Bio.Core.Ingest.Fitbit;
using Bio.Core.Lake;
using Bio.Tests.AgentBank;

namespace Bio.Tests.Ingest;

public sealed class FitbitImporterTests
{
    private static readonly TimeZoneInfo LosAngeles = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");

    private static ImportBatch Import(string fixture)
    {
        Assert.IsType<FitbitImporter>(new FormatDetector(new ZipLimits()).Detect(() => Fixture.Open(fixture), fixture, "fitbit"));
        return Fixture.ImportReconciled(fixture, "fitbit", LosAngeles);
    }

    private static double Value(ImportBatch batch, DateOnly day, Metric metric) => Fixture.Value(batch, day, metric);

    [Fact]
    public void SleepLogsUseDateOfSleepAndTheMainSleep()
    {
        var batch = Import("fitbit/sleep-2022-10-15.json"); // the name's date is not the content's
        var nov3 = new DateOnly(2022, 11, 3);
        Assert.Equal(410, Value(batch, nov3, Metric.SleepMinutes));
        Assert.Equal(70, Value(batch, nov3, Metric.DeepMinutes));
        Assert.Equal(35, Value(batch, nov3, Metric.NapMinutes));
        Assert.Equal(380, Value(batch, new DateOnly(2022, 11, 4), Metric.SleepMinutes)); // a classic log
    }

    [Fact]
    public void SleepScoresUseTheLocalWakeDayAndIgnoreTheNap()
    {
        var batch = Import("fitbit/sleep_score.csv");
        var nov3 = new DateOnly(2022, 11, 3); // 15:02Z and 22:40Z are both the 3rd in Los Angeles
        Assert.Equal(84, Value(batch, nov3, Metric.SleepScore)); // the entry with deep sleep, not the nap's 60
        Assert.Equal(58, Value(batch, nov3, Metric.RestingHrBpm));
        Assert.Equal(81, Value(batch, new DateOnly(2022, 11, 4), Metric.SleepScore));
    }

    [Fact]
    public void DailyHrvSummaryIsRmssd()
    {
        var batch = Import("fitbit/Daily Heart Rate Variability Summary - 2022-11-01.csv");
        Assert.Equal(42.1, Value(batch, new DateOnly(2022, 11, 3), Metric.HrvRmssdMs));
        Assert.Contains(batch.Quarantine, r => r.Reason.StartsWith("no values", StringComparison.Ordinal));
    }

    /// <summary>The Fitabase file of the bank's Fitbit export (read, never changed).</summary>
    private static readonly string DailyActivity = Path.Combine(Bank.Directory, "exports", "fitbit", "dailyActivity_merged.csv");

    private static ImportBatch ImportText(string csv) =>
        new FitbitImporter().Import(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv)), new ImportContext("dailyActivity_merged.csv", LosAngeles));

    [Fact]
    public void FitabaseDailyActivityIsDetectedWithoutADeclaredSource() =>
        Assert.IsType<FitbitImporter>(new FormatDetector(new ZipLimits()).Detect(() => File.OpenRead(DailyActivity), "dailyActivity_merged.csv", null));

    [Fact]
    public void FitabaseDailyActivityGivesStepsAndTheDaysTotalCalories()
    {
        var batch = Import(DailyActivity); // an absolute path: Fixture.Path leaves it as it is

        // The first and last rows of the file: 5/23/2022 8833 steps, 2352 kcal; 7/31/2022 3593 steps, 1688 kcal.
        Assert.Equal(8833, Value(batch, new DateOnly(2022, 5, 23), Metric.Steps));
        Assert.Equal(2352, Value(batch, new DateOnly(2022, 5, 23), Metric.TotalKcal));
        Assert.Equal(3593, Value(batch, new DateOnly(2022, 7, 31), Metric.Steps));
        Assert.Equal(1688, Value(batch, new DateOnly(2022, 7, 31), Metric.TotalKcal));
        // Calories is the day's total burn: nothing of it is active calories.
        Assert.DoesNotContain(batch.Daily, o => o.Metric == Metric.ActiveKcal);
        Assert.All(batch.Daily, o => Assert.Equal("fitbit", o.Source));

        // Every row of the file, read here by position (the file has no quotes), lands on its US date.
        var rows = File.ReadAllLines(DailyActivity).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(70, rows.Count);
        Assert.Equal(rows.Count, batch.RowsAccepted);
        foreach (var r in rows)
        {
            var day = DateOnly.ParseExact(r[1], "M/d/yyyy", System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(double.Parse(r[2], System.Globalization.CultureInfo.InvariantCulture), Value(batch, day, Metric.Steps));
            Assert.Equal(double.Parse(r[14], System.Globalization.CultureInfo.InvariantCulture), Value(batch, day, Metric.TotalKcal));
        }
    }

    [Fact]
    public void AFitabaseFileWithTwoPeopleIsRefusedWithASentence()
    {
        const string csv = "Id,ActivityDate,TotalSteps,Calories\n1503960366,4/12/2016,13162,1985\n1624580081,4/12/2016,8163,1432\n1624580081,4/13/2016,7007,1411\n";
        var error = Assert.Throws<ImportFormatException>(() => ImportText(csv));
        Assert.StartsWith("dailyActivity_merged.csv holds 2 people (Fitabase Ids 1503960366, 1624580081); Bio imports one person's data", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FitabaseDatesAreUsMonthFirstAndAZeroCalorieDayIsNotARead()
    {
        const string csv = "Id,ActivityDate,TotalSteps,Calories\r\n1,4/12/2016 12:00:00 AM,13162,1985\r\n1,4/3/2016,0,0\r\n1,13/4/2016,100,1500\r\n";
        var batch = ImportText(csv);
        Assert.Equal(1985, Value(batch, new DateOnly(2016, 4, 12), Metric.TotalKcal));
        Assert.Equal(0, Value(batch, new DateOnly(2016, 4, 3), Metric.Steps));
        Assert.DoesNotContain(batch.Daily, o => o.Date == new DateOnly(2016, 4, 3) && o.Metric == Metric.TotalKcal);
        Assert.Contains(batch.Quarantine, r => r.Reason == "ActivityDate is not M/D/YYYY: '13/4/2016'");
    }
}
