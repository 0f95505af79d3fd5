using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Bio.Core;

/// <summary>
/// Bio's own telemetry: one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named
/// <see cref="Name"/> (exported by the service defaults' <c>Bio.*</c>, so the Aspire dashboard shows them).
/// What an operator watches: imports and their rows per source (read, accepted, quarantined, duplicate:
/// the quarantine rate is quarantined over read), the long jobs of a person's data grain (how long each
/// waited behind the one before it, how long it ran), forecast error as forecasts are scored, and the
/// agent's tool calls and answers by kind. Tags carry no user id and no health value.
/// </summary>
public static class BioTelemetry
{
    public const string Name = "Bio.App";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    /// <summary>Rows of imports, by source and outcome (read, accepted, quarantined, duplicate).</summary>
    public static readonly Counter<long> ImportRows = Meter.CreateCounter<long>("bio.import.rows", "{row}", "Rows of imports by source and outcome");

    /// <summary>Imports, by source and status (completed, rejected), with their duration.</summary>
    public static readonly Histogram<double> ImportMilliseconds = Meter.CreateHistogram<double>("bio.import.duration", "ms", "Time to import an upload, by source and status");

    /// <summary>How long a person's long job waited behind the one before it, by job.</summary>
    public static readonly Histogram<double> WorkWaitMilliseconds = Meter.CreateHistogram<double>("bio.work.wait", "ms", "Time a long job waited behind the person's previous one");

    /// <summary>How long a person's long job ran, by job and outcome (ok, error).</summary>
    public static readonly Histogram<double> WorkMilliseconds = Meter.CreateHistogram<double>("bio.work.duration", "ms", "Time a long job of a person's data ran");

    /// <summary>The absolute error of each next-day forecast as its morning is scored, by method.</summary>
    public static readonly Histogram<double> ForecastErrorMs = Meter.CreateHistogram<double>("bio.forecast.error", "ms", "Absolute error of scored next-day HRV forecasts");

    /// <summary>Agent tool calls, by function and outcome (ok, refused, no_data, error).</summary>
    public static readonly Counter<long> ToolCalls = Meter.CreateCounter<long>("bio.agent.tool_calls", description: "Agent tool calls by function and outcome");

    /// <summary>Agent answers, by engine and kind (answered, cannot_answer, refused).</summary>
    public static readonly Counter<long> Answers = Meter.CreateCounter<long>("bio.agent.answers", "{answer}", "Agent answers by engine and kind");

    /// <summary>The time to answer a question, by engine and kind.</summary>
    public static readonly Histogram<double> AnswerMilliseconds = Meter.CreateHistogram<double>("bio.agent.answer.duration", "ms", "Time to answer a question");

    /// <summary>Counts one import's rows and its duration.</summary>
    public static void Imported(string? source, string status, long read, long accepted, long quarantined, long duplicate, double milliseconds)
    {
        var from = new KeyValuePair<string, object?>("source", source ?? "unknown");
        foreach (var (outcome, count) in new[] { ("read", read), ("accepted", accepted), ("quarantined", quarantined), ("duplicate", duplicate) })
        {
            ImportRows.Add(count, from, new KeyValuePair<string, object?>("outcome", outcome));
        }

        ImportMilliseconds.Record(milliseconds, from, new KeyValuePair<string, object?>("status", status));
    }
}
