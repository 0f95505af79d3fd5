using Microsoft.Extensions.AI;

namespace Bio.Tests.Infrastructure;

/// <summary>A chat client that answers from a script and records what it was asked: the LLM path without a network.</summary>
public sealed class ScriptedChatClient(Func<IReadOnlyList<ChatMessage>, string> reply) : IChatClient
{
    public List<IReadOnlyList<ChatMessage>> Requests { get; } = [];

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        Requests.Add(list);
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, reply(list))));
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The script answers whole responses only.");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
