using System.Globalization;
using System.Text;
using Bio.Core.Ingest;
using Bio.Core.Ingest.Generic;
using Bio.Tests.AgentBank;

namespace Bio.Tests.Ingest;

public sealed class GenericCsvImporterTests
{
    [Fact]
    public void InfersTheMappingFromHeadersAndConvertsHoursToMinutes()
    {
        var importer = new GenericCsvImporter();
        using var stream = Fixture.Open("csv/daily-metrics.csv");
        var batch = importer.Import(stream, new ImportContext("daily.csv", TimeZoneInfo.Utc));

        Assert.Equal("hrv_rmssd_ms", importer.Mapping["HRV (ms)"]);
        Assert.Equal("resting_hr_bpm", importer.Mapping["Resting HR"]);
        Assert.Equal("sleep_minutes", importer.Mapping["Sleep (hours)"]);
        Assert.False(importer.Mapping.ContainsKey("Mood"));
        Assert.Equal(450, batch.Daily.Single(o => o.Date == new DateOnly(2024, 7, 1) && o.Metric == Metric.SleepMinutes).Value);
        Assert.Equal(48, batch.Daily.Single(o => o.Date == new DateOnly(2024, 7, 2) && o.Metric == Metric.HrvRmssdMs).Value);
        Assert.All(batch.Daily, o => Assert.Equal("csv", o.Source));
    }

    [Fact]
    public void ALifeSnapsPersonsSleepEfficiencyImportsAsSleepEfficiencyNotAsSleep()
    {
        // person02.csv: date,hrv_rmssd_ms,resting_hr_bpm,sleep_minutes,sleep_efficiency,... Every efficiency in the file lands as one.
        var path = Path.Combine(Bank.RepoRoot, "..", "shared", "data", "lifesnaps-dev", "person02.csv");
        var expected = File.ReadLines(path).Skip(1).Select(l => l.Split(','))
            .Where(c => c[4].Length > 0)
            .ToDictionary(c => DateOnly.Parse(c[0], CultureInfo.InvariantCulture), c => double.Parse(c[4], CultureInfo.InvariantCulture));
        Assert.NotEmpty(expected);
        var importer = new GenericCsvImporter();
        using var stream = File.OpenRead(path);
        var batch = importer.Import(stream, new ImportContext("person02.csv", TimeZoneInfo.Utc));
        Assert.Equal("sleep_efficiency", importer.Mapping["sleep_efficiency"]);
        var imported = batch.Daily.Where(o => o.Metric == Metric.SleepEfficiency).ToDictionary(o => o.Date, o => o.Value);
        Assert.Equal(expected.OrderBy(p => p.Key), imported.OrderBy(p => p.Key));
    }

    [Fact]
    public void AHeaderThatIsASilverColumnsNameIsThatColumnWhereverItStands()
    {
        var csv = "date,sleep_efficiency,sleep_minutes,nap_minutes\n2024-07-01,91,432,20\n";
        var importer = new GenericCsvImporter();
        var batch = importer.Import(new MemoryStream(Encoding.UTF8.GetBytes(csv)), new ImportContext("daily.csv", TimeZoneInfo.Utc));
        Assert.Equal(91, batch.Daily.Single(o => o.Metric == Metric.SleepEfficiency).Value);
        Assert.Equal(432, batch.Daily.Single(o => o.Metric == Metric.SleepMinutes).Value);
        Assert.Equal(20, batch.Daily.Single(o => o.Metric == Metric.NapMinutes).Value);
    }

    [Fact]
    public void NonIsoDatesAndEmptyRowsAreQuarantined()
    {
        using var stream = Fixture.Open("csv/daily-metrics.csv");
        var batch = new GenericCsvImporter().Import(stream, new ImportContext("daily.csv", TimeZoneInfo.Utc));
        Assert.Equal(4, batch.RowsRead);
        Assert.Contains(batch.Quarantine, r => r.Reason.Contains("'07/03/2024'", StringComparison.Ordinal));
        Assert.Contains(batch.Quarantine, r => r.Reason.StartsWith("no values", StringComparison.Ordinal));
        Assert.Equal(2, batch.RowsAccepted);
    }

    [Fact]
    public void AZeroWhereNoBodyReadsZeroIsAMissingValueAndTheRowStands()
    {
        // As LifeSnaps' Fitbit days have them: 0.0 breaths a minute on a night with HRV, sleep and steps.
        var csv = "date,hrv_rmssd_ms,resting_hr_bpm,respiratory_rate,steps\n2021-07-30,20.3,78.7,0.0,6560\n2021-07-31,0.0,77.1,18.2,4000\n2021-08-01,21.0,76.0,55,5000\n";
        var batch = new GenericCsvImporter().Import(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv)), new ImportContext("person.csv", TimeZoneInfo.Utc));
        var first = batch.Daily.Where(o => o.Date == new DateOnly(2021, 7, 30)).ToDictionary(o => o.Metric, o => o.Value);
        Assert.Equal(new Dictionary<Metric, double> { [Metric.HrvRmssdMs] = 20.3, [Metric.RestingHrBpm] = 78.7, [Metric.Steps] = 6560 }, first);
        Assert.DoesNotContain(batch.Daily, o => o.Date == new DateOnly(2021, 7, 31) && o.Metric == Metric.HrvRmssdMs);
        Assert.Contains(batch.Daily, o => o.Date == new DateOnly(2021, 7, 31) && o.Metric == Metric.Steps);
        // A value that is a reading but impossible still quarantines its row, with the reason.
        Assert.Equal(2, batch.RowsAccepted);
        Assert.Contains(batch.Quarantine, r => r.Reason.Contains("respiratory_rate = 55", StringComparison.Ordinal));
    }

    [Fact]
    public void IsDetectedWhenNoDeviceFormatMatches() =>
        Assert.IsType<GenericCsvImporter>(new FormatDetector(new ZipLimits()).Detect(() => Fixture.Open("csv/daily-metrics.csv"), "x.csv", "csv"));

    [Fact]
    public void ADeclaredMappingIsUsedInsteadOfInference()
    {
        const string csv = "Day,Nightly,Pulse,Zzz\n2024-07-01,61,52,7.5\n";
        var importer = new FormatDetector(new ZipLimits()).Detect(
            () => new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv)), "mine.csv", "csv",
            "date=Day, hrv_rmssd_ms=Nightly, resting_hr_bpm=Pulse, sleep_minutes=Zzz*60");
        var batch = importer.Import(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv)), new ImportContext("mine.csv", TimeZoneInfo.Utc));

        Assert.Equal(61, batch.Daily.Single(o => o.Metric == Metric.HrvRmssdMs).Value);
        Assert.Equal(52, batch.Daily.Single(o => o.Metric == Metric.RestingHrBpm).Value);
        Assert.Equal(450, batch.Daily.Single(o => o.Metric == Metric.SleepMinutes).Value);
    }

    [Theory]
    [InlineData("hrv_rmssd_ms=Nightly", "date=")]
    [InlineData("date=Day,vo2max=VO2", "not one of Bio's daily columns")]
    [InlineData("date=Day,hrv_rmssd_ms", "not 'column=Header'")]
    public void ABadMappingGetsASentence(string mapping, string expected)
    {
        var error = Assert.Throws<ImportFormatException>(() => ColumnMapping.Parse(mapping));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMappingNamingAMissingHeaderIsRefused()
    {
        var importer = new GenericCsvImporter(ColumnMapping.Parse("date=Day,hrv_rmssd_ms=HRV"));
        var error = Assert.Throws<ImportFormatException>(() =>
            importer.Import(new MemoryStream("Day,Other\n2024-07-01,1\n"u8.ToArray()), new ImportContext("x.csv", TimeZoneInfo.Utc)));
        Assert.Contains("no column 'HRV'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ALifeSnapsPersonsTotalCaloriesImportAsTotalKcal()
    {
        var file = Bank.Uploads("lifesnaps-01").Single();
        var importer = new GenericCsvImporter();
        Assert.IsType<GenericCsvImporter>(new FormatDetector(new ZipLimits()).Detect(() => File.OpenRead(file), "person01.csv", null));
        using var stream = File.OpenRead(file);
        var batch = importer.Import(stream, new ImportContext("person01.csv", TimeZoneInfo.Utc));

        Assert.Equal("total_kcal", importer.Mapping["total_kcal"]);
        Assert.Equal(1398.7, Fixture.Value(batch, new DateOnly(2021, 5, 24), Metric.TotalKcal));
        Assert.Equal(686, Fixture.Value(batch, new DateOnly(2021, 5, 24), Metric.Steps));
        Assert.DoesNotContain(batch.Daily, o => o.Metric == Metric.ActiveKcal);
        // Every day of the file with a total has exactly that total (the file has no quotes).
        var days = File.ReadAllLines(file).Skip(1).Select(l => l.Split(',')).Where(r => r[7].Length > 0).ToList();
        Assert.True(days.Count > 200);
        Assert.Equal(days.Count, batch.Daily.Count(o => o.Metric == Metric.TotalKcal));
        foreach (var r in days)
        {
            Assert.Equal(double.Parse(r[7], CultureInfo.InvariantCulture), Fixture.Value(batch, DateOnly.ParseExact(r[0], "yyyy-MM-dd", CultureInfo.InvariantCulture), Metric.TotalKcal));
        }
    }

    [Theory]
    [InlineData("total_kcal")]
    [InlineData("Calories")]
    [InlineData("Total Calories")]
    [InlineData("kcal burned")]
    [InlineData("Calories Burned")]
    [InlineData("Total Burn")]
    [InlineData("calories (kcal)")]
    public void AHeaderNamingTheDaysWholeBurnIsTotalKcal(string name)
    {
        var importer = new GenericCsvImporter();
        var batch = importer.Import(new MemoryStream(Encoding.UTF8.GetBytes($"date,{name}\n2024-07-01,2450\n")), new ImportContext("x.csv", TimeZoneInfo.Utc));
        Assert.Equal("total_kcal", importer.Mapping[name]);
        Assert.Equal(2450, batch.Daily.Single().Value);
    }

    [Theory]
    [InlineData("Active Calories", "active_kcal")]
    [InlineData("active_kcal", "active_kcal")]
    [InlineData("Resting Calories", null)]
    [InlineData("BMR calories", null)]
    [InlineData("Basal kcal", null)]
    [InlineData("Calories consumed", null)]
    [InlineData("calorie goal", null)]
    [InlineData("Calories in", null)]
    public void AHeaderNamingAPartOfTheBurnIsNeverTotalKcal(string name, string? expected)
    {
        var importer = new GenericCsvImporter();
        var header = new Bio.Core.Ingest.Csv.CsvHeader(["date", "steps", name]);
        Assert.True(GenericCsvImporter.Recognizes(header));
        importer.Import(new MemoryStream(Encoding.UTF8.GetBytes($"date,steps,{name}\n2024-07-01,9000,610\n")), new ImportContext("x.csv", TimeZoneInfo.Utc));
        Assert.Equal(expected, importer.Mapping.GetValueOrDefault(name));
    }

    [Fact]
    public void TotalEnergyInKilojoulesIsConvertedToKcal()
    {
        var batch = new GenericCsvImporter().Import(
            new MemoryStream("date,Total energy (kJ),Active energy (kJ)\n2024-07-01,10250.8,2092\n"u8.ToArray()), new ImportContext("x.csv", TimeZoneInfo.Utc));
        Assert.Equal(2450, batch.Daily.Single(o => o.Metric == Metric.TotalKcal).Value, 6);
        Assert.Equal(500, batch.Daily.Single(o => o.Metric == Metric.ActiveKcal).Value, 6);
    }

    [Fact]
    public void ADeclaredMappingCanNameTotalKcal()
    {
        var importer = new GenericCsvImporter(ColumnMapping.Parse("date=Day,total_kcal=Energy"));
        var batch = importer.Import(new MemoryStream("Day,Energy\n2024-07-01,2300\n2024-07-02,0\n"u8.ToArray()), new ImportContext("x.csv", TimeZoneInfo.Utc));
        Assert.Equal(2300, batch.Daily.Single(o => o.Metric == Metric.TotalKcal).Value);
        // A day with 0 total calories is a day not worn: no value, and the row says why.
        Assert.Contains(batch.Quarantine, r => r.Reason.StartsWith("no values: the row for 2024-07-02", StringComparison.Ordinal));
    }

    [Fact]
    public void ABodyBatteryColumnIsGarminsBodyBatteryNeverAReadiness()
    {
        var batch = new GenericCsvImporter().Import(new MemoryStream(Encoding.UTF8.GetBytes("date,Body Battery,Readiness\n2024-07-01,62,80\n")), new ImportContext("x.csv", TimeZoneInfo.Utc));
        Assert.Equal(62, batch.Daily.Single(o => o.Metric == Metric.BodyBattery).Value);
        Assert.Equal(80, batch.Daily.Single(o => o.Metric == Metric.ReadinessScore).Value);
    }
}
