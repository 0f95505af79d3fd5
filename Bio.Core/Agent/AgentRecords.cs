using Bio.Core.Analytics;

namespace Bio.Core.Agent;

/// <summary>How a question ended: answered from the person's data, not answerable from it, or refused (diagnosis, other people).</summary>
public static class AnswerKinds
{
    public const string Answered = "answered";
    public const string CannotAnswer = "cannot_answer";
    public const string Refused = "refused";
}

/// <summary>One tool call the agent made: the function, its arguments, what came of it and how long it took.</summary>
[GenerateSerializer, Immutable, Alias("bio.ToolCall")]
public sealed record ToolCall(
    [property: Id(0)] string Name,
    [property: Id(1)] IReadOnlyDictionary<string, string?> Arguments,
    [property: Id(2)] string Outcome,
    [property: Id(3)] int? Rows,
    [property: Id(4)] double Milliseconds,
    [property: Id(5)] string? Error = null);

/// <summary>A column of an answer's rows.</summary>
[GenerateSerializer, Immutable, Alias("bio.AnswerColumn")]
public sealed record AnswerColumn([property: Id(0)] string Name, [property: Id(1)] string Type);

/// <summary>
/// The agent's answer: the text, which engine answered, the SQL and tool calls behind it, the rows (as a
/// JSON array of arrays, matching <see cref="Columns"/>) and a chart suggestion.
/// </summary>
[GenerateSerializer, Immutable, Alias("bio.ChatAnswer")]
public sealed record ChatAnswer(
    [property: Id(0)] string Answer,
    [property: Id(1)] string ConversationId,
    [property: Id(2)] string Engine,
    [property: Id(3)] string Kind,
    [property: Id(4)] string? Sql,
    [property: Id(5)] IReadOnlyList<ToolCall> Functions,
    [property: Id(6)] IReadOnlyList<AnswerColumn> Columns,
    [property: Id(7)] string RowsJson,
    [property: Id(8)] ChartSpec? Chart,
    [property: Id(9)] bool Cached = false,
    [property: Id(10)] string? Note = null);

/// <summary>
/// What one question was understood to ask, kept in the conversation so a follow-up ("and the week
/// before?", "what about resting heart rate?") can change one part of it. <see cref="Metric2"/> is a second
/// measure: the other side of a correlation, or the measure a filter picks the days (or workouts) by
/// (<see cref="FilterOp"/> <see cref="FilterValue"/>, on the day <see cref="FilterLag"/> days before).
/// <see cref="Limit"/> is the N of a top-N ranking.
/// </summary>
[GenerateSerializer, Immutable, Alias("bio.QuestionPlan")]
public sealed record QuestionPlan(
    [property: Id(0)] string Intent,
    [property: Id(1)] string? Metric = null,
    [property: Id(2)] DateOnly? From = null,
    [property: Id(3)] DateOnly? To = null,
    [property: Id(4)] string? RangePhrase = null,
    [property: Id(5)] string Days = "all",
    [property: Id(6)] string? Aggregate = null,
    [property: Id(7)] string? ThresholdOp = null,
    [property: Id(8)] double? Threshold = null,
    [property: Id(9)] string? Discipline = null,
    [property: Id(10)] DateOnly? From2 = null,
    [property: Id(11)] DateOnly? To2 = null,
    [property: Id(12)] string? RangePhrase2 = null,
    [property: Id(13)] string? GroupBy = null,
    [property: Id(14)] string? Condition = null,
    [property: Id(15)] string? Topic = null,
    [property: Id(16)] bool RangeDefaulted = false,
    [property: Id(17)] string? Sql = null,
    [property: Id(18)] string? NotUnderstood = null,
    [property: Id(19)] string? Metric2 = null,
    [property: Id(20)] string? FilterOp = null,
    [property: Id(21)] double? FilterValue = null,
    [property: Id(22)] int FilterLag = 0,
    [property: Id(23)] int? Limit = null);

/// <summary>One turn of a conversation: the question, what it was understood as, and the answer's text.</summary>
[GenerateSerializer, Immutable, Alias("bio.ConversationTurn")]
public sealed record ConversationTurn(
    [property: Id(0)] string Question,
    [property: Id(1)] QuestionPlan? Plan,
    [property: Id(2)] string Answer,
    [property: Id(3)] DateTimeOffset At);

/// <summary>
/// What the grain gives the agent before it answers: the conversation (created when new), the person's
/// "today" and data span, and the lake version (the cache's key).
/// </summary>
[GenerateSerializer, Immutable, Alias("bio.ChatContext")]
public sealed record ChatContext(
    [property: Id(0)] string ConversationId,
    [property: Id(1)] DateOnly Today,
    [property: Id(2)] DateOnly? DataFrom,
    [property: Id(3)] DateOnly? DataTo,
    [property: Id(4)] int LakeVersion,
    [property: Id(5)] IReadOnlyList<ConversationTurn> Turns);
