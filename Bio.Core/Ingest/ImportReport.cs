namespace Bio.Core.Ingest;

/// <summary>
/// What became of one upload: the ingest report returned by the API and kept in the import history.
/// Rows read = accepted + quarantined + duplicates, always.
/// </summary>
[GenerateSerializer, Immutable, Alias("bio.ImportReport")]
public sealed record ImportReport(
    [property: Id(0)] string ImportId,
    [property: Id(1)] string FileName,
    [property: Id(2)] string BronzePath,
    [property: Id(3)] string Sha256,
    [property: Id(4)] string? Source,
    [property: Id(5)] string Status,
    [property: Id(6)] string? Error,
    [property: Id(7)] long RowsRead,
    [property: Id(8)] long RowsAccepted,
    [property: Id(9)] long RowsQuarantined,
    [property: Id(10)] long RowsDuplicate,
    [property: Id(11)] IReadOnlyDictionary<string, int> Reasons,
    [property: Id(12)] DateOnly? FirstDate,
    [property: Id(13)] DateOnly? LastDate,
    [property: Id(14)] int LakeVersion,
    [property: Id(15)] long ElapsedMs,
    [property: Id(16)] DateTimeOffset ImportedAt)
{
    public const string Completed = "completed";
    public const string Rejected = "rejected";
}

/// <summary>One local day of silver <c>daily</c>: values by column name, and the source of each.</summary>
[GenerateSerializer, Immutable, Alias("bio.DailyValues")]
public sealed record DailyValues(
    [property: Id(0)] DateOnly Date,
    [property: Id(1)] IReadOnlyDictionary<string, double> Values,
    [property: Id(2)] IReadOnlyDictionary<string, string> Sources);

/// <summary>One silver workout as the API shows it, with what the device itself says beside Bio's discipline.</summary>
[GenerateSerializer, Immutable, Alias("bio.WorkoutItem")]
public sealed record WorkoutItem(
    [property: Id(0)] DateTimeOffset Start,
    [property: Id(1)] DateOnly LocalDate,
    [property: Id(2)] string Discipline,
    [property: Id(3)] string? Title,
    [property: Id(4)] double DurationMinutes,
    [property: Id(5)] double? OutputKj,
    [property: Id(6)] double? AvgHr,
    [property: Id(7)] double? MaxHr,
    [property: Id(8)] double? Kcal,
    [property: Id(9)] double? DistanceKm,
    [property: Id(10)] double? DeviceStrain,
    [property: Id(11)] string Source,
    [property: Id(12)] string? Activity = null,
    [property: Id(13)] string? Instructor = null,
    [property: Id(14)] bool? Live = null);

/// <summary>One quarantined row as the API shows it.</summary>
[GenerateSerializer, Immutable, Alias("bio.QuarantineItem")]
public sealed record QuarantineItem(
    [property: Id(0)] string ImportId,
    [property: Id(1)] string File,
    [property: Id(2)] long Line,
    [property: Id(3)] string Reason,
    [property: Id(4)] string Raw);
