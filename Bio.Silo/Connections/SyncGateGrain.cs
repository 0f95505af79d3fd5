using Bio.Core.Sync;
using Microsoft.Extensions.Options;

namespace Bio.Silo.Connections;

/// <summary>
/// One provider's call budget for the whole cluster (the key: the provider's id). Orleans keeps one
/// activation of it, wherever the syncing people's grains are, so every silo draws on the same budget.
/// Calls are spaced evenly, <c>window / (limit - 1)</c> apart, so no window of that length holds more than
/// the limit; a caller is told how long to wait for its slot. Real time (the machine's), not the people's clock.
/// </summary>
public sealed class SyncGateGrain(IOptions<SyncOptions> options, TimeProvider time) : Grain, ISyncGateGrain
{
    private DateTimeOffset next = DateTimeOffset.MinValue;

    public Task<TimeSpan> ReserveAsync()
    {
        var o = options.Value.For(this.GetPrimaryKeyString());
        var limit = Math.Max(2, o.CallsPerWindow);
        var spacing = o.RateWindow / (limit - 1);
        var now = time.GetUtcNow();
        var slot = next > now ? next : now;
        next = slot + spacing;
        return Task.FromResult(slot - now);
    }
}
