using System.Globalization;
using Bio.Core.Analytics;
using Bio.Core.Ingest;
using Bio.Core.Journal;
using Bio.Core.Lake;
using Bio.Tests.AgentBank;

namespace Bio.Tests.Journal;

/// <summary>
/// Each source's timing rule on a real-shaped export (the agent bank's exports, written in FORMATS.md's
/// shapes from real LifeSnaps people): what a journal row is paired with is checked against the raw
/// files, read here without Bio.
/// </summary>
public sealed class JournalTimingTests
{
    private static string Export(string dataset, string file) => Path.Combine(Bank.Directory, "exports", dataset, file);

    private static Silver Import(Silver silver, string path)
    {
        var importer = new FormatDetector(new ZipLimits()).Detect(() => File.OpenRead(path), Path.GetFileName(path), null);
        using var stream = File.OpenRead(path);
        var batch = importer.Import(stream, new ImportContext(Path.GetFileName(path), TimeZoneInfo.Utc));
        batch.QuarantineConflicts();
        silver.Merge(batch, Path.GetFileName(path));
        return silver;
    }

    private static List<Dictionary<string, string>> Csv(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        return [.. lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).Select(c => header.Select((h, i) => (h, c[i])).ToDictionary(x => x.h, x => x.Item2))];
    }

    private static DateOnly Day(string localTime) => DateOnly.FromDateTime(DateTime.ParseExact(localTime, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));

    [Fact]
    public void AWhoopJournalRowActsOnItsOwnCyclesRecovery()
    {
        var silver = Import(new Silver(), Export("whoop-a", "my_whoop_data_2025_01_16.zip"));
        var behaviours = JournalEffects.Behaviours(silver, DaySeries.FromSilver(silver));
        var outcomes = JournalEffects.Outcomes(silver);
        var alcohol = behaviours.Single(b => b.Key == JournalExtractor.Alcohol).Mornings;
        var recovery = outcomes.Single(o => o.Key == "recovery:whoop");
        Assert.Equal("WHOOP recovery", recovery.Label);

        // Raw: each cycle's wake-up day and recovery, and the alcohol answers by cycle.
        var cycles = Csv(Export("whoop-a", "physiological_cycles.csv")).ToDictionary(c => c["Cycle start time"]);
        var answers = Csv(Export("whoop-a", "journal_entries.csv")).Where(j => j["Question text"].Trim() == "Have any alcoholic drinks?").ToList();
        Assert.True(answers.Count >= 30);
        var paired = 0;
        foreach (var answer in answers)
        {
            var cycle = cycles[answer["Cycle start time"]];
            var morning = cycle["Wake onset"].Length > 0 ? Day(cycle["Wake onset"]) : Day(cycle["Cycle start time"]);
            Assert.Equal(answer["Answered yes"] == "true", alcohol[morning]);
            if (cycle["Recovery score %"].Length > 0)
            {
                Assert.Equal(double.Parse(cycle["Recovery score %"], CultureInfo.InvariantCulture), recovery.Values[morning]);
                paired++;
            }
        }

        Assert.Equal(answers.Count, alcohol.Count); // one morning per cycle answered, and no other
        Assert.True(paired >= 30);
    }

    [Fact]
    public void ATypedEntryOfDayDActsOnTheNightThatEndsOnDPlusOne()
    {
        var silver = Import(new Silver(), Export("oura-trends", "oura_trends_2022-01-23.csv"));
        var wine = new DateOnly(2021, 10, 8);
        var quiet = new DateOnly(2021, 10, 12);
        foreach (var (day, text) in new[] { (wine, "Two glasses of wine with dinner"), (quiet, "Quiet evening, meditated before bed") })
        {
            silver.Merge(JournalEntries.Batch(silver, day, text, JournalExtractor.Extract(text)), $"journal-{day}");
        }

        var behaviours = JournalEffects.Behaviours(silver, DaySeries.FromSilver(silver));
        var alcohol = behaviours.Single(b => b.Key == JournalExtractor.Alcohol).Mornings;
        Assert.Equal([(wine.AddDays(1), true), (quiet.AddDays(1), false)], alcohol.OrderBy(m => m.Key).Select(m => (m.Key, m.Value)));

        // The HRV paired with the wine is the Oura night dated the next day (the wake-up day), read from the raw file.
        var raw = Csv(Export("oura-trends", "oura_trends_2022-01-23.csv")).Where(r => r["Average HRV"] is not ("" or "None"))
            .ToDictionary(r => DateOnly.ParseExact(r["date"], "yyyy-MM-dd", CultureInfo.InvariantCulture), r => double.Parse(r["Average HRV"], CultureInfo.InvariantCulture));
        var hrv = JournalEffects.Outcomes(silver).Single(o => o.Key == "hrv");
        Assert.Equal("HRV (rMSSD)", hrv.Label);
        Assert.Equal(raw[wine.AddDays(1)], hrv.Values[wine.AddDays(1)]);
        Assert.NotEqual(raw[wine], raw[wine.AddDays(1)]); // the rule picks a different night than the entry's own date would
        Assert.Contains(JournalEffects.Outcomes(silver), o => o.Label == "Oura readiness");
    }

    [Fact]
    public void TheDaysRatingsActOnTheNextMorning()
    {
        var silver = new Silver();
        var day = new DateOnly(2026, 11, 30);
        silver.Merge(DailyFeedback.Batch(new DayFeedback(day, 5, 2, 8, null)), "f");
        var behaviours = JournalEffects.Behaviours(silver, DaySeries.FromSilver(silver)).ToDictionary(b => b.Key, b => b.Mornings);
        Assert.True(behaviours["energy_high"][day.AddDays(1)]);
        Assert.True(behaviours["exertion_hard"][day.AddDays(1)]);
        Assert.False(behaviours.ContainsKey("mood_good")); // a rating never high is left out: nothing to compare
        Assert.Equal(JournalTiming.Rules.Select(r => r.Source), ["journal", "whoop", "synthetic", "feedback"]);
    }

    [Fact]
    public void WhoopAndTypedQuestionsAboutOneBehaviourAreOne()
    {
        Assert.Equal(JournalExtractor.Alcohol, JournalEffects.KeyOf("Have any alcoholic drinks?").Key);
        Assert.Equal(JournalExtractor.Alcohol, JournalEffects.KeyOf("Had alcohol?").Key);
        Assert.Equal(JournalExtractor.Illness, JournalEffects.KeyOf("Feeling sick or ill?").Key);
        Assert.Equal(JournalExtractor.CaffeineLate, JournalEffects.KeyOf("Caffeine late in the day?").Key);
        Assert.Equal(("Have any caffeine?", "Have any caffeine?"), JournalEffects.KeyOf("Have any caffeine? "));
    }
}
