namespace Bio.Core.Ingest;

/// <summary>
/// One metric of one local day from one source: the natural key of silver is (date, metric).
/// <see cref="Row"/> is the id of the input row it came from within its batch, so an import can say which rows were duplicates.
/// </summary>
public readonly record struct DailyObservation(DateOnly Date, Metric Metric, double Value, string Source, long Row);

/// <summary>
/// One workout, normalized: minutes, kJ, km, bpm; its local date is the person's calendar day. Beside Bio's
/// <see cref="Discipline"/> it keeps what the device itself says: its own name for the workout's type
/// (<see cref="Activity"/>, as the export writes it), and where the device has them, the class's instructor,
/// whether it was taken live, and the device's own strain score of the workout.
/// </summary>
public sealed record WorkoutRecord(
    DateTimeOffset Start,
    DateOnly LocalDate,
    string Discipline,
    double DurationMinutes,
    string Source)
{
    /// <summary>The device's own name for the workout's type, verbatim ("Functional Fitness", "Cycling", "lap_swimming").</summary>
    public string? Activity { get; init; }

    public string? Title { get; init; }

    /// <summary>The class's instructor (Peloton); null where the device has none.</summary>
    public string? Instructor { get; init; }

    /// <summary>True for a class taken live, false for on demand (Peloton); null where the device does not say.</summary>
    public bool? Live { get; init; }

    public double? OutputKj { get; init; }
    public double? AvgWatts { get; init; }
    public double? AvgHr { get; init; }
    public double? MaxHr { get; init; }
    public double? Kcal { get; init; }
    public double? DistanceKm { get; init; }

    /// <summary>The device's own strain score of the workout (WHOOP's 0-21).</summary>
    public double? DeviceStrain { get; init; }

    /// <summary>The input row it came from (not stored in silver).</summary>
    public long Row { get; init; }
}

/// <summary>A journal answer or note for a local day (WHOOP journal, typed entries).</summary>
public sealed record JournalRecord(DateOnly Date, string Question, bool? Answer, string? Notes, string Source)
{
    /// <summary>The input row it came from (not stored in silver).</summary>
    public long Row { get; init; }
}

/// <summary>
/// How a day felt, in the person's own ratings: energy and mood 1-5, the day's perceived exertion
/// (RPE, 0-10), a note. One a day per source; any rating may be left out.
/// </summary>
public sealed record FeedbackRecord(DateOnly Date, int? Energy, int? Mood, int? Exertion, string? Notes, string Source)
{
    /// <summary>The input row it came from (not stored in silver).</summary>
    public long Row { get; init; }
}

/// <summary>A rejected row: where it was, why, and what it said (cut to a sane length).</summary>
public sealed record Rejection(string File, long Line, string Reason, string Raw)
{
    public static Rejection Of(string file, long line, string reason, IReadOnlyList<string> fields) =>
        new(file, line, reason, Cut(string.Join(',', fields)));

    public static string Cut(string raw) => raw.Length <= 500 ? raw : raw[..500] + "…";
}
