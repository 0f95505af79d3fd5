namespace Bio.Core.Query;

/// <summary>How long a person's SQL sandbox lives (configuration section <c>Query</c>).</summary>
public sealed class QueryOptions
{
    public const string Section = "Query";

    /// <summary>
    /// A sandbox not used for this long is closed (its DuckDB database holds a copy of the person's
    /// tables in native memory); the next question builds it again in tens of milliseconds.
    /// </summary>
    public TimeSpan SandboxIdle { get; set; } = TimeSpan.FromMinutes(2);
}
