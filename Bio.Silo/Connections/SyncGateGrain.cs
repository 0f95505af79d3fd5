using Bio.Core.Sync;
using Microsoft.Extensions.Options;

namespace Bio.Silo.Connections;

/// <summary>
/// One provider's call budget for the whole cluster (the key: the provider's id). Orleans keeps one
/// activation of it, wherever the syncing people's grains are, so every silo draws on the same budget.
/// Calls are spaced evenly, <c>(window + slack) / (limit - 1)</c> apart, so no window of that length holds
/// more than the limit even when calls leave up to the slack (<see cref="Slack"/>) late (a timer's or a busy silo's
/// delay) and the ones after them on time; a caller is told how long to wait for its slot. Real time
/// (the machine's), not the people's clock.
/// </summary>
public sealed class SyncGateGrain(IOptions<SyncOptions> options, TimeProvider time) : Grain, ISyncGateGrain
{
    /// <summary>
    /// How late a call may leave its slot and the budget still hold at the provider: 2 s, or a twentieth
    /// of a shorter window. Without it, a bench whose budget bound (1,200 a minute) saw 1,209 and 1,214
    /// calls arrive in one minute.
    /// </summary>
    public static TimeSpan Slack(TimeSpan window) => window / 20 < TimeSpan.FromSeconds(2) ? window / 20 : TimeSpan.FromSeconds(2);

    private DateTimeOffset next = DateTimeOffset.MinValue;

    public Task<TimeSpan> ReserveAsync()
    {
        var o = options.Value.For(this.GetPrimaryKeyString());
        var limit = Math.Max(2, o.CallsPerWindow);
        var spacing = (o.RateWindow + Slack(o.RateWindow)) / (limit - 1);
        var now = time.GetUtcNow();
        var slot = next > now ? next : now;
        next = slot + spacing;
        return Task.FromResult(slot - now);
    }
}
