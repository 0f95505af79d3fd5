using Bio.Core.Agent;
using Bio.Core.Analytics;
using Bio.Core.Users;

namespace Bio.Silo.Users;

/// <summary>A person's reads: the day's status, gold views, insights, their SQL sandbox and the agent's memory.</summary>
public sealed partial class UserGrain
{
    private const int MaxConversations = 20, MaxTurns = 20, MaxCachedAnswers = 200;

    // The agent's conversations (in memory: a conversation lasts while the grain is active) and its
    // answer cache, valid for one lake version on one day and let go when the grain is trimmed (an answer
    // carries its tools' results). Both are made on first use: most people never ask.
    private Dictionary<string, List<ConversationTurn>>? conversations;
    private ((int Version, DateOnly Day) Stamp, Dictionary<string, ChatAnswer>? Answers) answerCache = ((-1, default), null);

    public async Task<DayStatus> GetStatusAsync(DateOnly? day)
    {
        // The latest day's status outlives the data it came from (see TrimAsync): the dashboard's most
        // frequent read does not bring a person's history back into memory.
        var version = state.State.LakeVersion;
        if (cache.Snapshot is null && cache.LatestStatus is { } kept && kept.Version == version && (day is null || day == kept.Status.Date))
        {
            return kept.Status;
        }

        var analysis = (await SnapshotAsync()).Analysis;
        var series = analysis.Series;
        if (series.Length == 0)
        {
            throw new NoDataException("There is no data yet: upload an export (POST /api/users/{id}/imports) and Bio will work out your status.");
        }

        var date = day ?? series.Last;
        if (date < series.First || date > series.Last)
        {
            throw new NoDataException($"There is no data for {date:yyyy-MM-dd}: your data runs from {series.First:yyyy-MM-dd} to {series.Last:yyyy-MM-dd}.");
        }

        var status = DayStatus.Of(analysis, date);
        if (date == series.Last)
        {
            cache.LatestStatus = (version, status);
        }

        return status;
    }

    public async Task<string?> GetGoldAsync(string view, DateOnly? fromDate, DateOnly? toDate) =>
        (await SnapshotAsync()).GoldJson(view, fromDate, toDate);

    public async Task<IReadOnlyList<Insight>> GetInsightsAsync(DateOnly? fromDate, DateOnly? toDate) =>
        Insights.Compute((await SnapshotAsync()).Analysis, fromDate, toDate);

    public async Task<string> QueryAsync(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var sandbox = await SandboxAsync();
        return await Task.Run(() => sandbox.QueryJson(sql));
    }

    public async Task<IReadOnlyList<Bio.Core.Query.SqlTable>> GetSchemaAsync() => (await SandboxAsync()).Tables;

    private async Task<Bio.Core.Query.SqlSandbox> SandboxAsync()
    {
        var current = await SnapshotAsync();
        if (cache.Sql is not { } cached || !ReferenceEquals(cached.Of, current))
        {
            cache.Sql?.Sandbox.Dispose();
            cached = (current, await Task.Run(() => Bio.Core.Query.SqlSandbox.Create(current)));
            cache.Sql = cached;
            current.ReleaseTables(); // the sandbox holds its own copy
        }

        Touch();
        return cached.Sandbox;
    }

    public async Task<ChatContext> GetChatContextAsync(string? conversationId)
    {
        var today = Today(await ProfileAsync());
        var series = (await SnapshotAsync()).Analysis.Series;
        var id = conversationId ?? $"c-{Guid.NewGuid():N}"[..18];
        var turns = conversations is not null && conversations.TryGetValue(id, out var existing) ? [.. existing] : new List<ConversationTurn>();
        return new ChatContext(id, today, series.Length == 0 ? null : series.First, series.Length == 0 ? null : series.Last, state.State.LakeVersion, turns);
    }

    public async Task<ChatAnswer?> GetCachedAnswerAsync(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var stamp = (state.State.LakeVersion, Today(await ProfileAsync()));
        if (answerCache.Stamp != stamp)
        {
            // An answer is kept only when the version and the day it was asked on are still current (RecordChatTurnAsync).
            answerCache = (stamp, null);
        }

        return answerCache.Answers?.GetValueOrDefault(key);
    }

    public async Task RecordChatTurnAsync(string conversationId, ConversationTurn turn, string? cacheKey, ChatAnswer? answer)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        ArgumentNullException.ThrowIfNull(turn);
        var stamp = (state.State.LakeVersion, Today(await ProfileAsync()));
        conversations ??= new(StringComparer.Ordinal);
        if (!conversations.TryGetValue(conversationId, out var turns))
        {
            if (conversations.Count >= MaxConversations)
            {
                conversations.Remove(conversations.MinBy(c => c.Value[^1].At).Key);
            }

            conversations[conversationId] = turns = [];
        }

        turns.Add(turn);
        if (turns.Count > MaxTurns)
        {
            turns.RemoveAt(0);
        }

        if (cacheKey is not null && answer is not null)
        {
            if (answerCache.Stamp != stamp)
            {
                return;
            }

            if (answerCache.Answers is null || answerCache.Answers.Count >= MaxCachedAnswers)
            {
                answerCache = (stamp, new Dictionary<string, ChatAnswer>(StringComparer.Ordinal));
            }

            answerCache.Answers![cacheKey] = answer;
        }
    }

    private void ClearChat()
    {
        conversations = null;
        ClearAnswers();
    }

    private void ClearAnswers() => answerCache = ((-1, default), null);
}
