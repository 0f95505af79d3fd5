using Bio.Core.Analytics;
using Bio.Core.Ingest;
using Bio.Core.Lake;
using Bio.Core.Synthetic;
using Bio.Tests.Ingest;

namespace Bio.Tests.Analytics;

/// <summary>The analytics on the shapes real histories take: gaps, one day, no workouts, no HRV, SDNN only, a new device, travel.</summary>
public sealed class EdgeCaseTests
{
    private static readonly DateOnly LastDay = new(2026, 3, 31);

    private static AnalysisResult Analyse(ImportBatch batch) => Analysis.Of(batch);

    private static ImportBatch Synthetic(int days, Func<DailyObservation, bool>? keepDaily = null, Func<WorkoutRecord, bool>? keepWorkout = null, int seed = 31)
    {
        var person = SyntheticPerson.Generate(seed, days, LastDay);
        var batch = new ImportBatch(person.Batch.Source);
        batch.Daily.AddRange(person.Batch.Daily.Where(o => keepDaily?.Invoke(o) ?? true));
        batch.Workouts.AddRange(person.Batch.Workouts.Where(w => keepWorkout?.Invoke(w) ?? true));
        return batch;
    }

    /// <summary>Every per-day output exists for every calendar day, and the views and insights build.</summary>
    private static void AssertComplete(AnalysisResult a)
    {
        var n = a.Series.Length;
        Assert.Equal(n, a.Hrv.Length);
        for (var i = 0; i < n; i++)
        {
            var date = a.Series.Date(i);
            Assert.Equal(date, a.Hrv[i].Date);
            Assert.Equal(date, a.Load[i].Date);
            Assert.Equal(date, a.Risk[i].Date);
            Assert.Equal(date, a.Readiness[i].Date);
            Assert.Equal(date, a.Recommendations[i].Date);
            Assert.True(double.IsFinite(a.Load[i].Fitness) && double.IsFinite(a.Load[i].Form));
        }

        var snapshot = new LakeSnapshot(new Silver(), a);
        foreach (var view in LakeTables.GoldViewNames.Skip(3))
        {
            Assert.NotNull(snapshot.GoldJson(view, null, null));
        }

        Assert.Equal(5, Insights.Compute(a).Count);
    }

    [Fact]
    public void AGapIsMissingDataNotZeroesAndTheStatusWaitsForThreeNewDays()
    {
        var gapStart = LastDay.AddDays(-40);
        var gapEnd = LastDay.AddDays(-20);
        bool Outside(DateOnly d) => d < gapStart || d > gapEnd;
        var a = Analyse(Synthetic(200, o => Outside(o.Date), w => Outside(w.LocalDate)));
        AssertComplete(a);

        var inGap = a.Series.Index(gapStart.AddDays(10));
        Assert.Null(a.Readiness[inGap].Score);
        Assert.Contains("was the device worn", a.Readiness[inGap].EnergyReason, StringComparison.Ordinal);
        Assert.Null(a.Hrv[inGap].Mean7);
        Assert.Equal(0, a.Load[inGap].Load);

        // Back from the gap: two days are not a week; the third is (>= 3 valid days per week).
        var back = a.Series.Index(gapEnd.AddDays(1));
        var present = Enumerable.Range(back, 10).Where(i => a.Series.Hrv[i] is not null).ToList();
        Assert.Equal(HrvStatus.Insufficient, a.Hrv[present[1]].Status);
        Assert.NotEqual(HrvStatus.Insufficient, a.Hrv[present[2]].Status);
        Assert.NotNull(a.Readiness[present[0]].Score);
    }

    [Fact]
    public void ASingleDayGivesOneHonestRow()
    {
        var batch = new ImportBatch("oura");
        var row = batch.RowRead();
        batch.Daily.Add(new DailyObservation(LastDay, Metric.HrvRmssdMs, 48, "oura", row));
        batch.Daily.Add(new DailyObservation(LastDay, Metric.RestingHrBpm, 55, "oura", row));
        batch.Daily.Add(new DailyObservation(LastDay, Metric.SleepScore, 81, "oura", row));
        var a = Analyse(batch);
        AssertComplete(a);

        Assert.Equal(1, a.Series.Length);
        Assert.Equal(HrvStatus.Insufficient, a.Hrv[0].Status);
        Assert.Equal(OvertrainingRisk.Low, a.Risk[0].Level);
        Assert.Equal(81, a.Readiness[0].Score); // only sleep can be judged without history
        Assert.Single(a.Readiness[0].Contributors);
        Assert.All(Insights.Compute(a), i => Assert.Equal(Insights.Insufficient, i.Status));
        Assert.Empty(a.Anomalies);
    }

    [Fact]
    public void NoWorkoutsMeansNoLoadContributorAndNoLoadRules()
    {
        var a = Analyse(Synthetic(150, keepWorkout: _ => false));
        AssertComplete(a);

        Assert.All(a.Load, l => Assert.Equal(0, l.Fitness));
        Assert.All(a.Readiness, r => Assert.DoesNotContain(r.Contributors, c => c.Name == "load"));
        Assert.All(a.Risk, r => Assert.DoesNotContain(r.Reasons, x => x.Contains("load", StringComparison.Ordinal)));
        var insights = Insights.Compute(a);
        Assert.Equal(Insights.Insufficient, insights.Single(i => i.Id == "workout_type_recovery").Status);
        Assert.Equal(Insights.Insufficient, insights.Single(i => i.Id == "intensity_impact").Status);
        Assert.Equal(Insights.Ok, insights.Single(i => i.Id == "sleep_readiness").Status);
        Assert.All(a.Recommendations.Skip(60), r => Assert.False(string.IsNullOrEmpty(r.Reason)));
    }

    [Fact]
    public void WithoutHrvReadinessStandsOnRestingHrAndSleep()
    {
        var a = Analyse(Synthetic(150, o => o.Metric is not (Metric.HrvRmssdMs or Metric.ReadinessScore)));
        AssertComplete(a);

        Assert.All(a.Hrv, h => Assert.Equal(HrvStatus.Insufficient, h.Status));
        var settled = a.Readiness.Skip(40).Where(r => r.Score is not null).ToList();
        Assert.True(settled.Count > 90);
        Assert.All(settled, r => Assert.DoesNotContain(r.Contributors, c => c.Name == "hrv"));
        Assert.All(settled, r => Assert.Contains(r.Contributors, c => c.Name == "resting_hr"));
        // No device readiness either: the cross-views use Bio's own.
        Assert.Equal((double?)a.Readiness[^1].Score, a.EffectiveReadiness(a.Series.Length - 1));
    }

    [Fact]
    public void AnSdnnOnlyPersonGetsAStatusOnSdnnNeverMixedWithRmssd()
    {
        // An Apple Watch user: SDNN only, with its own (higher) scale.
        var batch = Synthetic(150, o => o.Metric != Metric.HrvRmssdMs);
        var person = SyntheticPerson.Generate(31, 150, LastDay);
        batch.Daily.AddRange(person.Batch.Daily.Where(o => o.Metric == Metric.HrvRmssdMs)
            .Select(o => o with { Metric = Metric.HrvSdnnMs, Value = o.Value * 1.3, Source = "apple-health" }));
        var a = Analyse(batch);
        AssertComplete(a);

        Assert.Equal("sdnn", a.Series.HrvMeasure);
        Assert.All(a.Hrv.Skip(30), h => Assert.Equal("sdnn", h.Measure));
        Assert.Contains(a.Hrv.Skip(30), h => h.Status == HrvStatus.Within);
        Assert.Contains(a.Readiness.Skip(30), r => r.Contributors.Any(c => c.Detail.StartsWith("HRV (SDNN)", StringComparison.Ordinal)));

        // One rMSSD value arriving later switches the whole person to rMSSD: SDNN is then ignored, not blended.
        batch.Daily.Add(new DailyObservation(LastDay, Metric.HrvRmssdMs, 50, "oura", batch.RowRead()));
        var mixed = Analyse(batch);
        Assert.Equal("rmssd", mixed.Series.HrvMeasure);
        Assert.Equal(1, mixed.Series.Hrv.Count(v => v is not null));
    }

    [Fact]
    public void ANewDeviceStartsANewBaselineInsteadOfReadingAsAChange()
    {
        // Oura for 120 days, then WHOOP, whose rMSSD reads 35 % higher for the same body.
        var switchDay = LastDay.AddDays(-59);
        var person = SyntheticPerson.Generate(32, 180, LastDay);
        var batch = new ImportBatch("mixed");
        batch.Daily.AddRange(person.Batch.Daily.Select(o => o.Date < switchDay
            ? o with { Source = "oura" }
            : o with { Source = "whoop", Value = o.Metric == Metric.HrvRmssdMs ? o.Value * 1.35 : o.Value }));
        batch.Workouts.AddRange(person.Batch.Workouts);
        var a = Analyse(batch);
        AssertComplete(a);

        var after = a.Series.Index(switchDay);
        // Until the new device has 20 days of baseline, Bio says so rather than calling it "above".
        Assert.All(Enumerable.Range(after, 15), i => Assert.Equal(HrvStatus.Insufficient, a.Hrv[i].Status));
        Assert.All(Enumerable.Range(after, 15).Where(i => a.Hrv[i].Source is not null), i => Assert.Equal("whoop", a.Hrv[i].Source));
        var settled = Enumerable.Range(after + 30, 30).Select(i => a.Hrv[i].Status).ToList();
        Assert.True(settled.Count(s => s == HrvStatus.Above) < 10, string.Join(",", settled));
        Assert.Contains(HrvStatus.Within, settled);

        // The same data read as one device would call the jump "above" for weeks: the segmenting matters.
        var blind = new ImportBatch("mixed");
        blind.Daily.AddRange(batch.Daily.Select(o => o with { Source = "one-device" }));
        var naive = Analyse(blind);
        Assert.True(Enumerable.Range(after + 3, 20).Count(i => naive.Hrv[i].Status == HrvStatus.Above) > 10);
    }

    [Fact]
    public void TwoDevicesWornOnAlternateNightsAreEachJudgedAgainstThemselves()
    {
        // Oura on even days, WHOOP (reading 35 % higher) on odd ones: pooled, every WHOOP night would look
        // high and every Oura night low; per device, the week's mean sits inside each device's range.
        var person = SyntheticPerson.Generate(34, 180, LastDay);
        var batch = new ImportBatch("mixed");
        batch.Daily.AddRange(person.Batch.Daily.Where(o => o.Metric == Metric.HrvRmssdMs).Select(o => o.Date.DayNumber % 2 == 0
            ? o with { Source = "oura" }
            : o with { Source = "whoop", Value = o.Value * 1.35 }));
        var a = Analyse(batch);
        AssertComplete(a);

        var late = a.Hrv.Skip(120).ToList();
        Assert.All(late.Where(h => h.LnHrv is not null), h => Assert.NotEqual(HrvStatus.Insufficient, h.Status));
        Assert.True(late.Count(h => h.Status == HrvStatus.Within) > late.Count / 2, string.Join(",", late.Select(h => h.Status)));
    }

    [Fact]
    public void TravelKeepsWorkoutsOnTheirLocalDayAndAMissedNightIsAGap()
    {
        // Berlin to New York: a late workout in New York is on the local date, though in UTC it is the next day;
        // the night of the flight has no sleep data.
        var person = SyntheticPerson.Generate(33, 120, LastDay);
        var flight = LastDay.AddDays(-10);
        var batch = new ImportBatch("whoop");
        batch.Daily.AddRange(person.Batch.Daily.Where(o => o.Date != flight));
        batch.Workouts.AddRange(person.Batch.Workouts.Where(w => w.LocalDate != flight.AddDays(2)));
        var newYork = TimeSpan.FromHours(-5);
        var lateRun = new DateTimeOffset(flight.AddDays(2).ToDateTime(new TimeOnly(22, 30)), newYork);
        batch.Workouts.Add(new WorkoutRecord(lateRun, flight.AddDays(2), "running", 45, "whoop") { AvgHr = 150, MaxHr = 180 });
        var a = Analyse(batch);
        AssertComplete(a);

        Assert.NotEqual(DateOnly.FromDateTime(lateRun.UtcDateTime), flight.AddDays(2));
        Assert.True(a.Load[a.Series.Index(flight.AddDays(2))].Load > 0);
        Assert.Equal(0, a.Load[a.Series.Index(flight.AddDays(3))].Load - a.WorkoutLoads.Where(w => w.Date == flight.AddDays(3)).Sum(w => w.Load), 9);
        var flightDay = a.Series.Index(flight);
        Assert.Null(a.Series.Hrv[flightDay]);
        Assert.Null(a.Readiness[flightDay].Score);
        Assert.NotEqual(HrvStatus.Insufficient, a.Hrv[flightDay + 1].Status); // one missed night does not break the week
    }

    [Theory]
    [InlineData("oura/oura-trends-2020.csv")]
    [InlineData("oura/oura-trends-2022.csv")]
    [InlineData("whoop/my_whoop_data_2024_11_05.zip")]
    [InlineData("peloton/workouts-us.csv")]
    [InlineData("apple-health/export.zip")]
    [InlineData("garmin/hrv.csv")]
    [InlineData("csv/daily-metrics.csv")]
    public void EveryFixtureExportAnalysesCompletely(string fixture)
    {
        using var stream = Fixture.Open(fixture);
        var importer = new FormatDetector(new ZipLimits()).Detect(() => Fixture.Open(fixture), Path.GetFileName(fixture), null, null);
        var batch = importer.Import(stream, new ImportContext(Path.GetFileName(fixture), TimeZoneInfo.Utc));
        var a = Analyse(batch);
        Assert.True(a.Series.Length > 0);
        AssertComplete(a);
    }
}
