using System.Diagnostics.Metrics;

namespace Bio.Core.Agent;

/// <summary>The agent's metrics (meter <c>Bio.Agent</c>, exported by the service defaults' <c>Bio.*</c>).</summary>
public static class AgentTelemetry
{
    public const string MeterName = "Bio.Agent";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Tool calls, by function and outcome (ok, refused, no_data, error).</summary>
    public static readonly Counter<long> ToolCalls = Meter.CreateCounter<long>("bio.agent.tool_calls", description: "Agent tool calls by function and outcome");

    /// <summary>Answers, by engine and kind, with the time to answer.</summary>
    public static readonly Histogram<double> AnswerMilliseconds = Meter.CreateHistogram<double>("bio.agent.answer.duration", "ms", "Time to answer a question");
}
