using System.Globalization;
using Bio.Core.Ingest;
using Bio.Core.Lake;

namespace Bio.Core.Journal;

/// <summary>A journal entry as stored: the day, the text, and what Bio read in it.</summary>
[GenerateSerializer, Immutable, Alias("bio.JournalEntry")]
public sealed record JournalEntry(
    [property: Id(0)] DateOnly Date,
    [property: Id(1)] string Text,
    [property: Id(2)] IReadOnlyList<JournalFeature> Features);

/// <summary>The outcome of writing a journal entry: the entry, and the import that merged it into silver.</summary>
[GenerateSerializer, Immutable, Alias("bio.JournalWritten")]
public sealed record JournalWritten(
    [property: Id(0)] JournalEntry Entry,
    [property: Id(1)] ImportReport Report);

/// <summary>
/// Typed journal entries in the silver <c>journal</c> table (source <c>journal</c>): the text as the
/// day's "Journal entry" row, and one row per feature read in it, with its confidence and evidence in
/// the notes. One entry a day: writing the day again replaces it, and a feature the new text no longer
/// speaks of is cleared (its answer set to none), so nothing the person took back is still counted.
/// </summary>
public static class JournalEntries
{
    public const string Source = "journal";
    public const string EntryQuestion = "Journal entry";
    public const int MaxLength = 4000;

    /// <summary>The rows to merge for <paramref name="text"/> on <paramref name="date"/>, given what silver holds.</summary>
    public static ImportBatch Batch(Silver silver, DateOnly date, string text, IReadOnlyList<JournalFeature> features)
    {
        ArgumentNullException.ThrowIfNull(silver);
        ArgumentNullException.ThrowIfNull(features);
        var batch = new ImportBatch(Source);
        batch.Journal.Add(new JournalRecord(date, EntryQuestion, null, text, Source) { Row = batch.RowRead() });
        foreach (var f in features)
        {
            batch.Journal.Add(new JournalRecord(date, f.Question, f.Present, Notes(f), Source) { Row = batch.RowRead() });
        }

        var now = features.Select(f => f.Question).ToHashSet(StringComparer.Ordinal);
        foreach (var stale in silver.Journal.Values.Where(j => j.Date == date && j.Source == Source && j.Question != EntryQuestion &&
                                                               j.Answer is not null && !now.Contains(j.Question)))
        {
            batch.Journal.Add(stale with { Answer = null, Notes = null, Row = batch.RowRead() });
        }

        return batch;
    }

    /// <summary>The person's journal entries between the dates (inclusive), oldest first.</summary>
    public static IReadOnlyList<JournalEntry> Read(Silver silver, DateOnly? from, DateOnly? to)
    {
        ArgumentNullException.ThrowIfNull(silver);
        var byQuestion = JournalExtractor.Questions.ToDictionary(kv => kv.Value, kv => kv.Key, StringComparer.Ordinal);
        var order = JournalExtractor.Questions.Keys.Select((k, i) => (k, i)).ToDictionary(x => x.k, x => x.i, StringComparer.Ordinal);
        return [.. silver.Journal.Values
            .Where(j => j.Source == Source && (from is null || j.Date >= from) && (to is null || j.Date <= to))
            .GroupBy(j => j.Date)
            .Where(g => g.Any(j => j.Question == EntryQuestion))
            .OrderBy(g => g.Key)
            .Select(g => new JournalEntry(g.Key, g.First(j => j.Question == EntryQuestion).Notes ?? "", [.. g
                .Where(j => j.Answer is not null && byQuestion.ContainsKey(j.Question))
                .Select(j => Parse(byQuestion[j.Question], j))
                .OrderBy(f => order[f.Name])]))];
    }

    private static string Notes(JournalFeature f) =>
        string.Create(CultureInfo.InvariantCulture, $"confidence {f.Confidence:0.00}: \"{f.Evidence}\"");

    private static JournalFeature Parse(string name, JournalRecord row)
    {
        // Notes read back as written by Notes(): "confidence 0.90: "evidence"".
        var notes = row.Notes ?? "";
        var confidence = 0.0;
        var evidence = notes;
        if (notes.StartsWith("confidence ", StringComparison.Ordinal) && notes.IndexOf(':', StringComparison.Ordinal) is var colon and > 0)
        {
            _ = double.TryParse(notes["confidence ".Length..colon], NumberStyles.Float, CultureInfo.InvariantCulture, out confidence);
            evidence = notes[(colon + 1)..].Trim().Trim('"');
        }

        return new JournalFeature(name, row.Question, row.Answer == true, confidence, evidence);
    }
}
