using System.Text.Json;
using Bio.Core.Users;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Bio.Core.Agent;

/// <summary>A question that cannot be asked (empty, too long, a malformed conversation id); the message says why.</summary>
public sealed class ChatRequestException(string message) : Exception(message)
{
    public ChatRequestException() : this("The question is not valid.") { }

    public ChatRequestException(string message, Exception inner) : this(message) => _ = inner;
}

/// <summary>
/// Answers one person's question: takes the conversation and "today" from their grain, reads the
/// question (follow-ups against the previous turn), serves a cached answer when the same question was
/// answered on the same lake version today, otherwise builds a kernel for this request over the
/// person's grain alone and answers with the chat model when one is configured (falling back to the
/// offline engine when it fails or uses a number no tool gave) or with the offline engine, then records
/// the turn and the answer in the grain.
/// </summary>
public sealed class ChatAgent(IUserGrain user, IChatClient? chat, ILogger logger, TimeProvider time)
{
    public const int MaxMessageLength = 2000;

    /// <summary>Throws <see cref="ChatRequestException"/> with a sentence when the question cannot be asked.</summary>
    public static void Validate([System.Diagnostics.CodeAnalysis.NotNull] string? message, string? conversationId)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            throw new ChatRequestException("message is required: ask a question about your data, e.g. \"What was my average HRV last week?\".");
        }

        if (message.Length > MaxMessageLength)
        {
            throw new ChatRequestException($"message is {message.Length} characters; the limit is {MaxMessageLength}.");
        }

        if (conversationId is not null && (conversationId.Length is 0 or > 64 || !conversationId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            throw new ChatRequestException("conversationId must be 1-64 letters, digits, '-' or '_' (or left out to start a conversation).");
        }
    }

    public async Task<ChatAnswer> AskAsync(string? message, string? conversationId, Action<ToolCall>? onCall = null, CancellationToken ct = default)
    {
        Validate(message, conversationId);
        var started = time.GetTimestamp();
        var context = await user.GetChatContextAsync(conversationId);
        var previous = (context.Turns.Count > 0 ? context.Turns[^1].Plan : null);
        var plan = QuestionParser.Parse(message, context.Today, context.DataTo, previous, context.DataFrom);
        var engine = chat is not null && plan.Intent is not (Intents.RefuseDiagnosis or Intents.RefuseOthers or Intents.Sql) ? ModelEngine.Name : OfflineEngine.Name;
        var cacheKey = engine == OfflineEngine.Name
            ? $"offline|{JsonSerializer.Serialize(plan)}"
            : $"model|{QuestionParser.Normalize(message)}|{(QuestionParser.LooksLikeFollowUp(message) ? (context.Turns.Count > 0 ? context.Turns[^1].Question : null) : null)}";
        if (await user.GetCachedAnswerAsync(cacheKey) is { } cached)
        {
            var hit = cached with { ConversationId = context.ConversationId, Cached = true };
            await user.RecordChatTurnAsync(context.ConversationId, new ConversationTurn(message, plan, hit.Answer, time.GetUtcNow()), null, null);
            return hit;
        }

        var audit = new ToolAudit(logger, user.GetPrimaryKeyString()) { OnCall = onCall };
        var tools = new BioTools(user, context.Today);
        EngineResult? result = null;
        string? note = null;
        if (engine == ModelEngine.Name)
        {
            try
            {
                var kernel = BioTools.Kernel(tools, audit, chat);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(TimeSpan.FromSeconds(60));
                result = await ModelEngine.AnswerAsync(kernel, audit, message, context.Turns, context, timeout.Token);
                note = result is null ? "The chat model's answer used a number no tool returned, so the offline engine answered." : null;
            }
            catch (ModelAnswerException e)
            {
                note = $"The chat model could not answer ({e.Message}), so the offline engine answered.";
                result = null;
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or InvalidOperationException or System.ClientModel.ClientResultException
                                          or Microsoft.SemanticKernel.KernelException or NotSupportedException)
            {
                note = $"The chat model could not answer ({e.GetType().Name}), so the offline engine answered.";
                result = null;
            }

            if (result is null)
            {
                engine = OfflineEngine.Name;
            }
        }

        if (result is null)
        {
            var kernel = BioTools.Kernel(tools, audit);
            result = await OfflineEngine.AnswerAsync(kernel, plan, context.Today, context.DataTo, ct);
        }

        var answer = new ChatAnswer(result.Text, context.ConversationId, engine, result.Kind, result.Sql, [.. audit.Calls], result.Columns, result.RowsJson, result.Chart, false, note);
        // Not cached: refused SQL (nothing to reuse) and answers the offline engine gave because the model failed.
        var storable = (answer.Kind != AnswerKinds.Refused || plan.Intent != Intents.Sql) && note is null;
        await user.RecordChatTurnAsync(context.ConversationId, new ConversationTurn(message, plan, answer.Answer, time.GetUtcNow()), storable ? cacheKey : null, storable ? answer : null);
        KeyValuePair<string, object?>[] tags = [new("engine", answer.Engine), new("kind", answer.Kind)];
        BioTelemetry.Answers.Add(1, tags);
        BioTelemetry.AnswerMilliseconds.Record(time.GetElapsedTime(started).TotalMilliseconds, tags);
        return answer;
    }
}
