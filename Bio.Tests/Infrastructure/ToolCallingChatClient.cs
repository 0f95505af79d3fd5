using Microsoft.Extensions.AI;

namespace Bio.Tests.Infrastructure;

/// <summary>
/// A chat model from a script that calls tools: each turn gets the conversation so far (with the tool
/// results) and the tools it was offered, and returns either tool calls or the final text. It records
/// every request, so a test sees what the model was shown. No network.
/// </summary>
public sealed class ToolCallingChatClient(Func<ToolCallingChatClient.Turn, ChatMessage> script) : IChatClient
{
    /// <summary>One request: the messages, the names of the tools offered, and how many requests came before.</summary>
    public sealed record Turn(IReadOnlyList<ChatMessage> Messages, IReadOnlyList<string> Tools, int Index)
    {
        /// <summary>The results of the tool calls so far, as text.</summary>
        public IEnumerable<string> Results => Messages.SelectMany(m => m.Contents.OfType<FunctionResultContent>()).Select(r => r.Result?.ToString() ?? "");

        public static ChatMessage Call(string tool, IDictionary<string, object?>? arguments = null) =>
            new(ChatRole.Assistant, [new FunctionCallContent("call-" + Guid.NewGuid().ToString("N")[..8], tool, arguments)]);

        public static ChatMessage Say(string text) => new(ChatRole.Assistant, text);
    }

    public List<Turn> Turns { get; } = [];

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var turn = new Turn([.. messages], [.. (options?.Tools ?? []).Select(t => t.Name)], Turns.Count);
        Turns.Add(turn);
        return Task.FromResult(new ChatResponse(script(turn)));
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The script answers whole responses only.");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
