using Bio.Core.Ingest;
using Bio.Core.Lake;

namespace Bio.Core.Journal;

/// <summary>A day's feedback as the API shows it.</summary>
[GenerateSerializer, Immutable, Alias("bio.DayFeedback")]
public sealed record DayFeedback(
    [property: Id(0)] DateOnly Date,
    [property: Id(1)] int? Energy,
    [property: Id(2)] int? Mood,
    [property: Id(3)] int? Exertion,
    [property: Id(4)] string? Notes);

/// <summary>The outcome of writing a day's feedback: what is stored, and the import that merged it.</summary>
[GenerateSerializer, Immutable, Alias("bio.FeedbackWritten")]
public sealed record FeedbackWritten(
    [property: Id(0)] DayFeedback Feedback,
    [property: Id(1)] ImportReport Report);

/// <summary>
/// Daily feedback in the silver <c>feedback</c> table (source <c>feedback</c>): energy and mood 1-5,
/// perceived exertion (RPE) 0-10, a note; one a day, written again to change it.
/// </summary>
public static class DailyFeedback
{
    public const string Source = "feedback";
    public const int MaxNotes = 1000;

    /// <summary>Null when the ratings are fine, else the sentence that says what is wrong.</summary>
    public static string? Problem(int? energy, int? mood, int? exertion, string? notes)
    {
        if (energy is null && mood is null && exertion is null && string.IsNullOrWhiteSpace(notes))
        {
            return "Nothing to record: give at least one of energy (1-5), mood (1-5), exertion (0-10) or notes.";
        }

        if (energy is < 1 or > 5)
        {
            return $"energy is 1 (drained) to 5 (full of energy), not {energy}.";
        }

        if (mood is < 1 or > 5)
        {
            return $"mood is 1 (low) to 5 (great), not {mood}.";
        }

        if (exertion is < 0 or > 10)
        {
            return $"exertion is the day's perceived effort from 0 (rest) to 10 (maximal), not {exertion}.";
        }

        return notes?.Trim().Length > MaxNotes ? $"notes are at most {MaxNotes} characters." : null;
    }

    public static ImportBatch Batch(DayFeedback feedback)
    {
        ArgumentNullException.ThrowIfNull(feedback);
        var batch = new ImportBatch(Source);
        var notes = string.IsNullOrWhiteSpace(feedback.Notes) ? null : feedback.Notes.Trim();
        batch.Feedback.Add(new FeedbackRecord(feedback.Date, feedback.Energy, feedback.Mood, feedback.Exertion, notes, Source) { Row = batch.RowRead() });
        return batch;
    }

    public static IReadOnlyList<DayFeedback> Read(Silver silver, DateOnly? from, DateOnly? to)
    {
        ArgumentNullException.ThrowIfNull(silver);
        return [.. silver.Feedback.Values
            .Where(f => (from is null || f.Date >= from) && (to is null || f.Date <= to))
            .Select(f => new DayFeedback(f.Date, f.Energy, f.Mood, f.Exertion, f.Notes))];
    }
}
