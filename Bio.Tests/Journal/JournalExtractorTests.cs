using Bio.Core.Journal;
using Bio.Core.Lake;

namespace Bio.Tests.Journal;

public sealed class JournalExtractorTests
{
    private static string Said(string text) =>
        string.Join(' ', JournalExtractor.Extract(text).Select(f => (f.Present ? "+" : "-") + f.Name));

    [Theory]
    [InlineData("Two glasses of wine with dinner, stressful day at work", "+alcohol +stress")]
    [InlineData("No alcohol this week. Meditated 10 minutes before bed", "-alcohol +meditation")]
    [InlineData("Had a double espresso at 4 pm and a late dinner at 10 pm", "+caffeine_late +late_meal")]
    [InlineData("Coffee in the morning only, drank lots of water", "")]
    [InlineData("Sore throat and a bit of a fever, stayed home", "+illness")]
    [InlineData("Cold shower after the run, felt great", "")]
    [InlineData("Flew to New York, jet lag is rough", "+travel")]
    [InlineData("Didn't meditate today but had a few drinks with friends", "+alcohol -meditation")]
    [InlineData("A stress-free day at the beach", "-stress")]
    [InlineData("Hungover from the party, skipped the workout", "+alcohol")]
    [InlineData("Long day, deadlines everywhere; beer after work", "+alcohol +stress")]
    [InlineData("Slept in the hotel, big dinner", "+travel +late_meal")]
    [InlineData("No coffee after lunch", "-caffeine_late")]
    [InlineData("", "")]
    public void ReadsTheBehavioursAnEntrySpeaksOf(string text, string expected) => Assert.Equal(expected, Said(text));

    [Fact]
    public void TheSurerCueWinsAndTheEvidenceIsTheClauseItCameFrom()
    {
        var features = JournalExtractor.Extract("A few drinks at the bar. Then a glass of wine at home.");
        var alcohol = Assert.Single(features);
        Assert.Equal((JournalExtractor.Alcohol, true, 0.95), (alcohol.Name, alcohol.Present, alcohol.Confidence));
        Assert.Equal("Then a glass of wine at home", alcohol.Evidence);
        Assert.Equal("Had alcohol?", alcohol.Question);
    }

    [Fact]
    public void WritingTheDayAgainReplacesItAndClearsWhatTheNewTextNoLongerSays()
    {
        var silver = new Silver();
        var day = new DateOnly(2026, 11, 30);
        var first = "Wine at dinner, stressful day";
        silver.Merge(JournalEntries.Batch(silver, day, first, JournalExtractor.Extract(first)), "jrn-1");
        var entry = Assert.Single(JournalEntries.Read(silver, null, null));
        Assert.Equal(first, entry.Text);
        Assert.Equal(["alcohol", "stress"], entry.Features.Select(f => f.Name));
        Assert.Equal(0.95, entry.Features[0].Confidence);
        Assert.Equal("Wine at dinner", entry.Features[0].Evidence);

        var second = "Actually no wine, just a stressful day";
        var outcome = silver.Merge(JournalEntries.Batch(silver, day, second, JournalExtractor.Extract(second)), "jrn-2");
        Assert.True(outcome.Changed);
        entry = Assert.Single(JournalEntries.Read(silver, null, null));
        Assert.Equal(second, entry.Text);
        Assert.Equal(["-alcohol", "+stress"], entry.Features.Select(f => (f.Present ? "+" : "-") + f.Name));

        var third = "Quiet day";
        silver.Merge(JournalEntries.Batch(silver, day, third, JournalExtractor.Extract(third)), "jrn-3");
        entry = Assert.Single(JournalEntries.Read(silver, null, null));
        Assert.Empty(entry.Features);
        // Cleared rows stay as "no answer": the analytics and the agent read only a yes.
        Assert.DoesNotContain(silver.Journal.Values, j => j.Source == JournalEntries.Source && j.Answer == true);

        // The same text again changes nothing.
        Assert.False(silver.Merge(JournalEntries.Batch(silver, day, third, JournalExtractor.Extract(third)), "jrn-4").Changed);
    }

    [Fact]
    public void AnEntrysAlcoholReachesTheSeriesTheForecastsRead()
    {
        var silver = new Silver();
        var day = new DateOnly(2026, 11, 30);
        var batch = new Bio.Core.Ingest.ImportBatch("csv");
        foreach (var d in new[] { day.AddDays(-1), day })
        {
            batch.Daily.Add(new Bio.Core.Ingest.DailyObservation(d, Bio.Core.Ingest.Metric.HrvRmssdMs, 50, "csv", batch.RowRead()));
        }

        silver.Merge(batch, "imp-1");
        silver.Merge(JournalEntries.Batch(silver, day, "three beers", JournalExtractor.Extract("three beers")), "jrn-1");
        var series = Bio.Core.Analytics.DaySeries.FromSilver(silver);
        Assert.Equal([false, true], series.Alcohol);
    }

    [Fact]
    public void AnyTextUpToTheLimitIsReadWithoutFailing()
    {
        // Long runs without punctuation, repeated negations and cues, and random characters: read in
        // clause-sized pieces, so every pattern works on a bounded string.
        var random = new Random(17);
        const string alphabet = "abcdefghijklmnopqrstuvwxyz  no wine coffee late -free,.;!?\n'\"é😀";
        var texts = new List<string>
        {
            string.Concat(Enumerable.Repeat("no ", 1333)),
            string.Concat(Enumerable.Repeat("wine ", 800)),
            string.Concat(Enumerable.Repeat("coffee late ", 333)),
            new string(' ', 4000),
            string.Concat(Enumerable.Repeat("didn't - - - ", 300)) + "wine",
        };
        for (var i = 0; i < 200; i++)
        {
            texts.Add(new string([.. Enumerable.Range(0, random.Next(1, 4000)).Select(_ => alphabet[random.Next(alphabet.Length)])]));
        }

        foreach (var text in texts)
        {
            var features = JournalExtractor.Extract(text);
            Assert.All(features, f => Assert.InRange(f.Evidence.Length, 1, 300));
            Assert.Equal(features.Count, features.Select(f => f.Name).Distinct().Count());
        }

        Assert.True(JournalExtractor.Extract(texts[1]).Single().Present);
    }

    [Theory]
    [InlineData("Felt ill (symptoms)?", true)]
    [InlineData("Feeling sick or ill?", true)]
    [InlineData("Any symptoms of a cold?", true)]
    [InlineData("Experience allergy symptoms?", false)]
    [InlineData("Have any caffeine?", false)]
    [InlineData("Hydrated sufficiently? Still feeling thrilled", false)]
    public void TheSeriesTakesAJournalYesAsFeelingIllOnlyForIllnessQuestions(string question, bool ill)
    {
        var silver = new Silver();
        var day = new DateOnly(2026, 11, 30);
        var batch = new Bio.Core.Ingest.ImportBatch("whoop");
        batch.Daily.Add(new Bio.Core.Ingest.DailyObservation(day, Bio.Core.Ingest.Metric.HrvRmssdMs, 50, "whoop", batch.RowRead()));
        batch.Journal.Add(new Bio.Core.Ingest.JournalRecord(day, question, true, null, "whoop") { Row = batch.RowRead() });
        silver.Merge(batch, "imp-1");
        Assert.Equal([ill], Bio.Core.Analytics.DaySeries.FromSilver(silver).ReportedIll);
    }
}
