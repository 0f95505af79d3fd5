using Bio.Core.Analytics;
using Bio.Core.Forecasting;
using Bio.Core.Reports;
using Bio.Core.Users;

namespace Bio.Silo.Users;

/// <summary>A person's forecasts (the daily cycle, the served forecast, its history, backtests) and the reminders that drive them.</summary>
public sealed partial class UserGrain
{
    public Task<HrvForecast> GetForecastAsync() => ExclusiveAsync(async () =>
    {
        var (_, outcome) = await RunForecastCycleAsync();
        var forecast = Forecaster.Present(outcome.Run, cache.Registry!, cache.ForecastLog!) ?? throw new NoDataException(
            "There is no recent HRV to forecast from: Bio needs at least 3 HRV readings in the last 7 days of your data.");
        // The chat model writes the note from the numbers; one that invents a number is not used.
        if (await NarrateAsync((chat, ct) => ForecastNarrator.WriteAsync(chat, forecast, ct)) is { } written)
        {
            forecast = forecast with { Narrative = written, NarrativeBy = ForecastNarrator.ChatModel };
        }

        return forecast;
    });

    public Task<ForecastHistory> GetForecastHistoryAsync() => ExclusiveAsync(async () =>
    {
        var (features, outcome) = await RunForecastCycleAsync();
        var log = cache.ForecastLog!;
        var through = features.Length == 0 ? Today(await ProfileAsync()) : features.Analysis.Series.Last;
        return new ForecastHistory([.. log.Where(r => r.Horizon == 1)], ForecastCycle.Rolling(log, through), [.. cache.Registry!.Events], outcome.Run.BacktestRows());
    });

    /// <summary>A walk-forward backtest over the current version: the same pass that serves (its own computation: no gate, no state).</summary>
    public async Task<ForecastBacktest> BacktestAsync()
    {
        var version = state.State.LakeVersion;
        if (cache.ForecastRun is { } cached && cached.Version == version)
        {
            return ForecastBacktest.Of(new BacktestResult(cached.Run));
        }

        var current = await SnapshotAsync();
        return await Task.Run(() => ForecastBacktest.Of(Backtest.Run(new ForecastFeatures(current.Analysis))));
    }

    /// <summary>A tick starts its work as a call of its own that interleaves with reads, and returns.</summary>
    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        var run = this.AsReference<IUserGrain>().RunReminderAsync(reminderName);
        _ = run.ContinueWith(t => LogReminderFailed(logger, t.Exception!.GetBaseException(), reminderName), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The work of reminder {Reminder} failed.")]
    private static partial void LogReminderFailed(ILogger logger, Exception exception, string reminder);

    public Task RunReminderAsync(string reminderName) => ExclusiveAsync(async () =>
    {
        if (await GrainFactory.GetGrain<IAccountGrain>(Id).GetProfileAsync() is not { } profile || state.State.LakeVersion == 0)
        {
            return;
        }

        if (reminderName == DailyReminder)
        {
            await RunForecastCycleAsync();
            await IssuePlanIfAnyAsync(profile); // the day's plan enters the history even when nobody opens it
        }
        else if (reminderName == WeeklyReminder)
        {
            // Re-aim at next week's local 07:00 (a fixed UTC period would drift an hour across a clock change).
            var options = reportOptions.Value;
            await this.RegisterOrUpdateReminder(WeeklyReminder, options.NextDue(time.GetUtcNow(), Zone(profile)), options.Period);
            var week = WeeklyReports.LastCompleteWeekEnding(Today(profile));
            var series = (await SnapshotAsync()).Analysis.Series;
            if (series.Length > 0 && series.Last >= week.AddDays(-6) && series.First <= week)
            {
                await GenerateReportCoreAsync(profile, week, WeeklyReports.ByReminder);
            }
        }
    });

    /// <summary>
    /// The daily cycle: score forecasts whose morning has come, run the walk-forward forecaster (once per
    /// lake version: it is a pass over the history in milliseconds), issue the forecast from the latest
    /// day, and store what changed. Runs inside the gate only (it changes the forecasting state in place).
    /// </summary>
    private async Task<(ForecastFeatures Features, CycleOutcome Outcome)> RunForecastCycleAsync()
    {
        var version = state.State.LakeVersion;
        var current = await SnapshotAsync();
        var registry = cache.Registry ??= await forecasts.ReadRegistryAsync(Id);
        var log = cache.ForecastLog ??= await forecasts.ReadLogAsync(Id);
        var cached = cache.ForecastRun is { } c && c.Version == version ? c.Run : null;
        var features = cached?.Features ?? new ForecastFeatures(current.Analysis);
        var before = (registry.Events.Count, log.Count);
        var unscored = log.Where(r => r.ErrorMs is null).ToHashSet();
        CycleOutcome outcome;
        try
        {
            // CPU work: off the Orleans scheduler.
            outcome = await Task.Run(() => ForecastCycle.Run(features, registry, log, time.GetUtcNow(), run: cached));
            if (outcome.Scored > 0 || before != (registry.Events.Count, log.Count))
            {
                await forecasts.WriteRegistryAsync(Id, registry);
                await forecasts.WriteLogAsync(Id, log);
            }

            foreach (var retired in outcome.Retired)
            {
                await forecasts.DeleteModelAsync(Id, retired);
            }
        }
        catch
        {
            (cache.Registry, cache.ForecastLog, cache.ForecastRun) = (null, null, null); // storage is the truth
            throw;
        }

        foreach (var scored in unscored.Where(r => r.ErrorMs is { }))
        {
            Bio.Core.BioTelemetry.ForecastErrorMs.Record(Math.Abs(scored.ErrorMs!.Value), new KeyValuePair<string, object?>("method", scored.Method), new KeyValuePair<string, object?>("horizon", scored.Horizon));
        }

        (cache.Registry, cache.ForecastLog, cache.ForecastRun) = (registry, log, (version, outcome.Run));
        return (features, outcome);
    }

    /// <summary>The daily forecast and weekly report reminders, once the person has data.</summary>
    private async Task EnsureRemindersAsync(UserProfile profile)
    {
        if (!state.State.ForecastReminder)
        {
            var options = forecasting.Value;
            await this.RegisterOrUpdateReminder(DailyReminder, options.FirstDue(time.GetUtcNow(), Zone(profile)), options.Period);
            state.State.ForecastReminder = true;
        }

        await EnsureReportReminderAsync(profile);
    }

    private async Task EnsureReportReminderAsync(UserProfile profile)
    {
        if (!state.State.ReportReminder)
        {
            var options = reportOptions.Value;
            await this.RegisterOrUpdateReminder(WeeklyReminder, options.NextDue(time.GetUtcNow(), Zone(profile)), options.Period);
            state.State.ReportReminder = true;
        }
    }
}
