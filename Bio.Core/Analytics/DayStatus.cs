namespace Bio.Core.Analytics;

/// <summary>
/// Everything Bio says about one day: readiness with its contributors and the device's score, the
/// energy state, HRV against its normal range, load, overtraining risk with the reasons that fired,
/// that day's anomalies and the recommended intensity. <see cref="DataFrom"/>/<see cref="DataTo"/> is
/// the span of the person's data.
/// </summary>
[GenerateSerializer, Immutable, Alias("bio.DayStatus")]
public sealed record DayStatus(
    [property: Id(0)] DateOnly Date,
    [property: Id(1)] DateOnly DataFrom,
    [property: Id(2)] DateOnly DataTo,
    [property: Id(3)] ReadinessDay Readiness,
    [property: Id(4)] HrvStatusDay Hrv,
    [property: Id(5)] TrainingLoadDay Load,
    [property: Id(6)] RiskDay Risk,
    [property: Id(7)] IReadOnlyList<Anomaly> Anomalies,
    [property: Id(8)] Recommendation Recommendation)
{
    public static DayStatus Of(AnalysisResult a, DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(a);
        var i = a.Series.Index(date);
        return new DayStatus(date, a.Series.First, a.Series.Last, a.Readiness[i], a.Hrv[i], a.Load[i], a.Risk[i],
            [.. a.Anomalies.Where(x => x.Date == date)], a.Recommendations[i]);
    }
}

/// <summary>A request about days the person has no data for; the message says what range they do have.</summary>
[GenerateSerializer, Alias("bio.NoDataException")]
public sealed class NoDataException : Exception
{
    public NoDataException() { }

    public NoDataException(string message) : base(message) { }

    public NoDataException(string message, Exception inner) : base(message, inner) { }
}
