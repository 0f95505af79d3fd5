using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using Bio.Api.Auth;
using Bio.Core.Agent;
using Bio.Core.Analytics;
using Bio.Core.Users;
using Bio.ServiceDefaults;

namespace Bio.Api.Apis;

/// <summary>
/// The agent: a question in plain language about one's own data, answered with the evidence (the SQL or
/// functions used, the rows, a chart). <c>POST /chat</c> answers with JSON, or streams when asked for
/// <c>text/event-stream</c> (also at <c>/chat/stream</c>): a <c>tool</c> event per tool call, then
/// <c>answer</c>.
/// </summary>
public static partial class ChatApi
{
    /// <summary>The body of <c>POST /chat</c>.</summary>
    public sealed record ChatRequest(string? Message, string? ConversationId);

    /// <summary>The answer as the API gives it (rows as JSON arrays matching the columns).</summary>
    public sealed record ChatResponse(
        string Answer, string ConversationId, string Engine, string Kind, string? Sql, IReadOnlyList<ToolCall> Functions,
        IReadOnlyList<AnswerColumn> Columns, JsonElement Rows, ChartSpec? Chart, bool Cached, string? Note)
    {
        public static ChatResponse Of(ChatAnswer a)
        {
            ArgumentNullException.ThrowIfNull(a);
            using var rows = JsonDocument.Parse(a.RowsJson);
            return new(a.Answer, a.ConversationId, a.Engine, a.Kind, a.Sql, a.Functions, a.Columns, rows.RootElement.Clone(), a.Chart, a.Cached, a.Note);
        }
    }

    private const string Example = "{\"message\": \"What was my average HRV last week?\", \"conversationId\": null}";

    public static IEndpointRouteBuilder MapChatApi(this IEndpointRouteBuilder app)
    {
        var user = app.MapGroup("/api/users/{userId}").WithTags("Agent").RequireUserAccess();
        user.MapPost("/chat", ChatAsync).WithName("Chat")
            .WithSummary("Body {message, conversationId?}: an answer from your own data with the engine that answered (offline or chat-model), the SQL or " +
                         "functions used, the rows and a chart. Follow-ups (\"and the week before?\") need the conversationId. With Accept: text/event-stream it streams.");
        user.MapPost("/chat/stream", (string userId, HttpRequest http, IClusterClient cluster, ChatModel model, ILoggerFactory logs, TimeProvider time, CancellationToken ct) =>
                RespondAsync(userId, http, cluster, model, logs, time, stream: true, ct))
            .WithName("ChatStream")
            .WithSummary("As /chat, as server-sent events: 'tool' for each tool call as it finishes, then 'answer' with the whole answer (or 'error' with a problem).");
        return app;
    }

    public static Task<IResult> ChatAsync(string userId, HttpRequest http, IClusterClient cluster, ChatModel model, ILoggerFactory logs, TimeProvider time, CancellationToken ct) =>
        RespondAsync(userId, http, cluster, model, logs, time, http.GetTypedHeaders().Accept.Any(a => a.MediaType == "text/event-stream"), ct);

    private static async Task<IResult> RespondAsync(
        string userId, HttpRequest http, IClusterClient cluster, ChatModel model, ILoggerFactory logs, TimeProvider time, bool stream, CancellationToken ct)
    {
        var (request, problem) = await JsonBody.ReadAsync<ChatRequest>(http, Example);
        if (problem is not null)
        {
            return problem;
        }

        ChatAgent.Validate(request?.Message, request?.ConversationId);
        var logger = logs.CreateLogger("Bio.Agent");
        var agent = new ChatAgent(cluster.GetGrain<IUserGrain>(userId), model.Client, logger, time);
        // The audit keeps the question's hash, never its words.
        http.HttpContext.Audit(new Bio.Core.Audit.AuditDetail(Bio.Core.Audit.AuditStore.Sha256(request!.Message ?? "")));
        return stream
            ? TypedResults.ServerSentEvents(StreamAsync(agent, request!, logger, ct))
            : TypedResults.Ok(ChatResponse.Of(await agent.AskAsync(request!.Message, request.ConversationId, ct: ct)));
    }

    private static async IAsyncEnumerable<SseItem<object>> StreamAsync(ChatAgent agent, ChatRequest request, ILogger logger, [EnumeratorCancellation] CancellationToken ct)
    {
        var events = Channel.CreateUnbounded<SseItem<object>>();
        var answering = Task.Run(async () =>
        {
            try
            {
                var answer = await agent.AskAsync(request.Message, request.ConversationId, call => events.Writer.TryWrite(new SseItem<object>(call, "tool")), ct);
                events.Writer.TryWrite(new SseItem<object>(ChatResponse.Of(answer), "answer"));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                if (e is not (ChatRequestException or UserValidationException))
                {
                    LogStreamFailure(logger, e);
                }

                var (status, detail) = e is ChatRequestException or UserValidationException
                    ? (400, e.Message)
                    : (500, "Something went wrong on Bio's side while answering. It has been logged.");
                events.Writer.TryWrite(new SseItem<object>(new { status, title = "The question could not be answered", detail }, "error"));
            }
            finally
            {
                events.Writer.TryComplete();
            }
        }, ct);

        await foreach (var item in events.Reader.ReadAllAsync(ct))
        {
            yield return item;
        }

        await answering;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A streamed answer failed.")]
    private static partial void LogStreamFailure(ILogger logger, Exception exception);
}
