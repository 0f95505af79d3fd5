namespace Bio.Core.Synthetic;

/// <summary>
/// A ground-truth event a synthetic person lived through, recorded so that detectors and forecasts can be
/// scored against what really happened: kind ("overreaching", "illness", "alcohol", "travel"), first and
/// last local day, and a note.
/// </summary>
[GenerateSerializer, Immutable, Alias("bio.SyntheticEvent")]
public sealed record SyntheticEvent(
    [property: Id(0)] string Kind,
    [property: Id(1)] DateOnly Start,
    [property: Id(2)] DateOnly End,
    [property: Id(3)] string Note);

/// <summary>The import report of a synthetic fill and the events it contains.</summary>
[GenerateSerializer, Immutable, Alias("bio.SyntheticResult")]
public sealed record SyntheticResult(
    [property: Id(0)] Bio.Core.Ingest.ImportReport Report,
    [property: Id(1)] IReadOnlyList<SyntheticEvent> Events);
