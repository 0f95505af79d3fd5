using System.Threading.Channels;
using Bio.Core.Audit;
using Bio.Core.Users;

namespace Bio.Api.Auth;

/// <summary>
/// Writes audit entries behind the requests: the middleware queues an entry once its response has gone out,
/// and this writes what has queued, a person's entries together in one block (so a dashboard's many reads
/// are not a storage write each; a round starts at most once a second unless the queue is filling). The
/// queue is bounded: when storage falls behind that far, requests wait for it rather than entries being
/// dropped. On shutdown everything queued is written before the host stops.
/// </summary>
public sealed partial class AuditWriter(AuditStore store, IClusterClient cluster, ILogger<AuditWriter> logger, TimeSpan? flushInterval = null) : IHostedService, IDisposable
{
    /// <summary>
    /// A round starts at most this often while the queue is less than half full, so a person reading
    /// back to back is one block a second, not one a request.
    /// </summary>
    public static readonly TimeSpan DefaultFlushInterval = TimeSpan.FromSeconds(1);

    private readonly TimeSpan interval = flushInterval ?? DefaultFlushInterval;
    private readonly CancellationTokenSource closing = new();

    /// <summary>Entries waiting at most; beyond it a request waits for room.</summary>
    public const int Capacity = 20_000;

    /// <summary>
    /// A person's entries in one block at most (a block stays far under the storage's limit). A round takes
    /// everything queued: its cost is a write per person, not per entry, so the writer keeps up with any
    /// request rate (a round capped at a fixed number of entries capped the API: at a few thousand requests
    /// a second the queue filled and requests waited for room, seconds at the p99).
    /// </summary>
    public const int MaxBlockEntries = 2_000;

    private readonly Channel<Pending> queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(Capacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    /// <summary>Queues an entry of <paramref name="user"/>'s log, or of the erasure log when <paramref name="erasure"/>.</summary>
    public async ValueTask EnqueueAsync(string user, AuditEntry entry, bool erasure)
    {
        try
        {
            await queue.Writer.WriteAsync(new Pending(user, entry, erasure));
        }
        catch (ChannelClosedException)
        {
            // The host is stopping and the writer has drained: this one is written here.
            await WriteAsync([new Pending(user, entry, erasure)]);
        }
    }

    private Task? running;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Not cancelled with the host: it runs until the queue is closed (StopAsync) and drained.
        running = Task.Run(RunAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task RunAsync()
    {
        var batch = new List<Pending>();
        while (await queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            var round = System.Diagnostics.Stopwatch.StartNew();
            batch.Clear();
            while (batch.Count < Capacity && queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            await WriteAsync(batch);
            if (interval - round.Elapsed is { Ticks: > 0 } rest && queue.Reader.Count < Capacity / 2)
            {
                // Let the next round gather; stopping ends the wait.
                await Task.Delay(rest, closing.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        queue.Writer.TryComplete();
        await closing.CancelAsync();
        if (running is { } task)
        {
            // Everything queued is written, unless the host gives up waiting first.
            await task.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public void Dispose() => closing.Dispose();

    private async Task WriteAsync(List<Pending> batch)
    {
        var groups = batch.GroupBy(p => (p.User, p.Erasure)).ToList();
        await Parallel.ForEachAsync(groups, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (group, ct) =>
        {
            // A person's blocks one after the other, so their log stays in order.
            foreach (var chunk in group.Chunk(MaxBlockEntries))
            {
                var entries = chunk.Select(p => p.Entry).ToList();
                try
                {
                    if (group.Key.Erasure)
                    {
                        foreach (var entry in entries)
                        {
                            await store.AppendDeletionAsync(group.Key.User, entry, ct);
                        }
                    }
                    else
                    {
                        var grain = cluster.GetGrain<IAccountGrain>(group.Key.User);
                        await store.AppendAsync(group.Key.User, entries, async () => await grain.GetProfileAsync() is not null, ct);
                    }
                }
                catch (Exception e) when (e is Azure.RequestFailedException or TimeoutException or OperationCanceledException or AggregateException or OrleansException)
                {
                    LogAuditFailed(logger, e, entries.Count);
                }
            }
        });
    }

    private sealed record Pending(string User, AuditEntry Entry, bool Erasure);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} audit entries could not be written.")]
    private static partial void LogAuditFailed(ILogger logger, Exception exception, int count);
}
