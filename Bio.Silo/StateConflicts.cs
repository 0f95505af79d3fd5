namespace Bio.Silo;

/// <summary>
/// A write that finds a grain's state changed under it (<see cref="Orleans.Storage.InconsistentStateException"/>:
/// another activation wrote it, as can happen for a moment when a silo dies) is never a lost update: the
/// grain reads the state again, lets go of everything derived from the old one, and does the whole call
/// again on the fresh state (twice at most; then Orleans deactivates it).
/// </summary>
internal static partial class StateConflicts
{
    public static async Task InvokeAsync(IIncomingGrainCallContext context, Func<Task> readAgain, Action? reset, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(context);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await context.Invoke();
                return;
            }
            catch (Orleans.Storage.InconsistentStateException) when (attempt < 3)
            {
                LogConflict(logger, context.InterfaceMethod?.Name ?? "?", attempt);
                await readAgain();
                reset?.Invoke();
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The state changed under {Method} (attempt {Attempt}); read again and retrying.")]
    private static partial void LogConflict(ILogger logger, string method, int attempt);
}
