using System.Text.Json;
using Bio.Core.Agent;
using Bio.Core.Lake;
using Bio.Core.Users;
using Bio.Tests.Infrastructure;

namespace Bio.Tests.Grains;

/// <summary>
/// An idle grain lets go of a person's history (silver, analytics, SQL sandbox, forecasting) and keeps
/// only its state and the latest status; whatever is asked next is read back from the lake, the same.
/// </summary>
public sealed class IdleTrimTests(AzuriteFixture azurite)
{
    private static readonly Dictionary<string, string?> ShortIdle = new() { ["Query:SandboxIdle"] = "00:00:02" };

    [Fact]
    public async Task AnIdleGrainKeepsOnlyTheLatestStatusAndAnswersEverythingTheSameAfterwards()
    {
        await using var cluster = new TestCluster(azurite);
        await cluster.StartSiloAsync(ShortIdle, null);
        var client = await cluster.ConnectAsync();
        var id = "t-" + Guid.NewGuid().ToString("N")[..16];
        var grain = client.GetGrain<IUserGrain>(id);
        await client.GetGrain<IAccountGrain>(id).CreateAsync(new CreateUser("Ada", "Europe/Berlin"));
        await grain.GenerateSyntheticAsync(120, 7);
        var lastDay = (await grain.GetStatusAsync(null)).DataTo;
        await grain.WriteJournalAsync(lastDay, "A glass of wine and a late dinner");
        await grain.WriteFeedbackAsync(lastDay, 4, 3, 6, "good session");

        var before = await EverythingAsync(grain);
        await grain.QueryAsync("SELECT count(*) FROM daily");
        // A question answered: its turn stays in the conversation, its cached answer (it carries its tools' results) goes with the trim.
        var chat = await grain.GetChatContextAsync(null);
        Assert.Null(await grain.GetCachedAnswerAsync("what was my hrv yesterday"));
        var answer = new ChatAnswer("Your HRV was 50 ms.", chat.ConversationId, "offline", AnswerKinds.Answered, null, [], [], "[]", null);
        await grain.RecordChatTurnAsync(chat.ConversationId, new ConversationTurn("what was my hrv yesterday", null, answer.Answer, DateTimeOffset.UnixEpoch), "what was my hrv yesterday", answer);
        Assert.Equal(answer.Answer, (await grain.GetCachedAnswerAsync("what was my hrv yesterday"))?.Answer);
        var busy = await grain.GetResidencyAsync();
        Assert.True(busy is { Silver: true, Analytics: true, SqlSandbox: true, LatestStatus: true, CachedAnswers: 1 }, $"in use: {busy}");

        var idle = await WaitForIdleAsync(grain);
        Assert.True(idle.LatestStatus, "the latest status is kept");
        Assert.Equal(0, idle.CachedAnswers);

        // The dashboard's status read is served from what was kept: nothing comes back into memory.
        var status = JsonSerializer.Serialize(await grain.GetStatusAsync(null));
        Assert.Equal(before[0], status);
        Assert.True((await grain.GetResidencyAsync()).Idle);
        Assert.Null(await grain.GetCachedAnswerAsync("what was my hrv yesterday"));
        Assert.Single((await grain.GetChatContextAsync(chat.ConversationId)).Turns);

        // Anything else reads the person's data back from the lake and answers exactly as before.
        Assert.Equal(before, await EverythingAsync(grain));
        Assert.True((await grain.GetResidencyAsync()) is { Silver: true, Analytics: true });

        // And an import after a trim merges into the history read back: nothing is lost or doubled.
        await WaitForIdleAsync(grain);
        var daysBefore = (await grain.GetDailyAsync(null, null)).Count;
        await WaitForIdleAsync(grain);
        var report = (await grain.GenerateSyntheticAsync(130, 7)).Report;
        Assert.Equal(130, (await grain.GetDailyAsync(null, null)).Count);
        Assert.Equal(120, daysBefore);
        Assert.Equal(4, (await grain.GetLakeAsync())!.Version);
        Assert.Equal(4, report.LakeVersion);
        Assert.Single(await grain.GetJournalAsync(null, null));
        Assert.Single(await grain.GetFeedbackAsync(null, null));
        Assert.NotEqual(before[0], JsonSerializer.Serialize(await grain.GetStatusAsync(null)));
    }

    private static async Task<GrainResidency> WaitForIdleAsync(IUserGrain grain)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew(); // elapsed time, not the calendar
        var deadline = TimeSpan.FromSeconds(30);
        while (true)
        {
            var residency = await grain.GetResidencyAsync();
            if (residency.Idle)
            {
                return residency;
            }

            Assert.True(waited.Elapsed < deadline, $"still holding after 30 s: {residency}");
            await Task.Delay(100);
        }
    }

    private static async Task<List<string?>> EverythingAsync(IUserGrain grain)
    {
        var list = new List<string?>
        {
            JsonSerializer.Serialize(await grain.GetStatusAsync(null)),
            JsonSerializer.Serialize(await grain.GetDailyAsync(null, null)),
            JsonSerializer.Serialize(await grain.GetWorkoutsAsync(null, null)),
            JsonSerializer.Serialize(await grain.GetInsightsAsync(null, null)),
            await grain.QueryAsync("SELECT date, hrv_rmssd_ms FROM daily ORDER BY date"),
            JsonSerializer.Serialize(await grain.GetJournalAsync(null, null)),
            JsonSerializer.Serialize(await grain.GetFeedbackAsync(null, null)),
            await grain.QueryAsync("SELECT * FROM feedback"),
        };
        foreach (var view in LakeTables.GoldViewNames)
        {
            list.Add(await grain.GetGoldAsync(view, null, null));
        }

        return list;
    }
}
