using System.Text.Json;
using Bio.Core.Ingest;
using Bio.Core.Lake;
using Bio.Core.Sync;
using Bio.Core.Users;
using Bio.ServiceDefaults;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Bio.Silo.Connections;

/// <summary>One provider's connection, as kept: tokens only encrypted (Data Protection, per person), the consent under way as a hash.</summary>
[GenerateSerializer, Alias("bio.ConnectionRecord")]
public sealed class ConnectionRecord
{
    /// <summary>The tokens as <see cref="TokenSet"/> JSON, encrypted; null when not connected.</summary>
    [Id(0)] public string? ProtectedTokens { get; set; }
    [Id(1)] public DateTimeOffset? ConnectedAt { get; set; }
    [Id(2)] public DateTimeOffset? LastSyncAt { get; set; }
    [Id(3)] public string? LastError { get; set; }
    [Id(4)] public DateTimeOffset? NextRunAt { get; set; }
    /// <summary>The last day the last complete sync reached; the next one starts a few days before it.</summary>
    [Id(5)] public DateOnly? SyncedThrough { get; set; }
    [Id(6)] public bool ReconnectNeeded { get; set; }
    [Id(7)] public int Imports { get; set; }
    /// <summary>The consent under way: the SHA-256 of its state, its PKCE verifier (encrypted), its redirect URI, until when it may come back.</summary>
    [Id(8)] public string? PendingStateHash { get; set; }
    [Id(9)] public string? PendingVerifier { get; set; }
    [Id(10)] public string? PendingRedirectUri { get; set; }
    [Id(11)] public DateTimeOffset? PendingUntil { get; set; }
}

[GenerateSerializer, Alias("bio.ConnectionsState")]
public sealed class ConnectionsState
{
    [Id(0)] public Dictionary<string, ConnectionRecord> Providers { get; set; } = [];
}

/// <summary>
/// See <see cref="IConnectionsGrain"/>. A sync can wait minutes on the provider's call budget, so calls
/// interleave: connecting Oura, or disconnecting it, does not wait for WHOOP's backfill. A sync asked
/// for while one of the same provider runs joins it (never two at once), and the state's writes are
/// chained, one at a time (a running sync and a new consent each write it). The person's data grain is never held.
/// </summary>
[Orleans.Concurrency.Reentrant]
public sealed partial class ConnectionsGrain(
    [PersistentState("connections", ResourceNames.UserStateStore)] IPersistentState<ConnectionsState> state,
    IOptions<SyncOptions> options,
    ProviderClient client,
    LakeStore lake,
    IDataProtectionProvider protection,
    [FromKeyedServices(Extensions.UserClock)] TimeProvider time,
    ILogger<ConnectionsGrain> logger) : Grain, IConnectionsGrain, IRemindable
{
    // The grain's turns never run at once, so these chains need no lock: each call waits for the one before it.
    private Task lastWrite = Task.CompletedTask;
    private readonly Dictionary<string, Task<SyncOutcome>> runs = new(StringComparer.Ordinal);
    private bool erased;

    private string Id => this.GetPrimaryKeyString();

    /// <summary>Writes the state, one write at a time (interleaved calls share it), after the writes before it.</summary>
    private Task SaveAsync() => lastWrite = WriteAfterAsync(lastWrite);

    private async Task WriteAfterAsync(Task before)
    {
        await Task.WhenAny(before); // its outcome is its own caller's
        if (!erased)
        {
            await state.WriteStateAsync();
        }
    }

    private IDataProtector Protector => protection.ForTokens(Id);

    private static string ReminderName(string provider) => "sync-" + provider;

    public Task<IReadOnlyList<ConnectionStatus>> GetAsync() =>
        Task.FromResult<IReadOnlyList<ConnectionStatus>>([.. SyncProviders.All.Select(p => Status(p.Id))]);

    private ConnectionStatus Status(string provider)
    {
        var p = SyncProviders.Get(provider);
        state.State.Providers.TryGetValue(provider, out var r);
        var configured = options.Value.For(provider).IsConfigured;
        var connected = r?.ProtectedTokens is not null;
        var status = !configured ? ConnectionStates.NotConfigured
            : connected && r!.ReconnectNeeded ? ConnectionStates.ReconnectNeeded
            : connected ? ConnectionStates.Connected
            : ConnectionStates.Available;
        return new ConnectionStatus(provider, p.Name, status, r?.ConnectedAt, r?.LastSyncAt, r?.LastError, connected ? r!.NextRunAt : null, r?.SyncedThrough, r?.Imports ?? 0);
    }

    private static void Check(string provider)
    {
        if (!SyncProviders.IsKnown(provider))
        {
            throw new UserValidationException($"Bio does not sync with '{provider}': it syncs with {string.Join(" and ", SyncProviders.All.Select(p => p.Id))}.");
        }
    }

    private async Task<UserProfile> ProfileAsync() =>
        await GrainFactory.GetGrain<IAccountGrain>(Id).GetProfileAsync() ?? throw new UserValidationException($"There is no user '{Id}'.");

    public async Task<ConnectionStart> StartAsync(string provider, string redirectUri)
    {
        Check(provider);
        await ProfileAsync();
        if (!options.Value.For(provider).IsConfigured)
        {
            throw new UserValidationException($"{SyncProviders.Get(provider).Name} is not configured on this Bio, so it cannot be connected (its client id and secret are not set).");
        }

        var consent = ConsentState.New(Id);
        var (verifier, challenge) = ProviderClient.Pkce();
        var r = Record(provider);
        r.PendingStateHash = ConsentState.Hash(consent);
        r.PendingVerifier = Protector.Protect(verifier);
        r.PendingRedirectUri = redirectUri;
        r.PendingUntil = time.GetUtcNow() + options.Value.ConsentLifetime;
        await SaveAsync();
        return new ConnectionStart(provider, client.AuthorizeUrl(provider, consent, challenge, redirectUri));
    }

    public async Task<ConnectionStatus> CompleteAsync(string provider, string consent, string code)
    {
        Check(provider);
        var r = Record(provider);
        if (!ConsentState.Matches(consent, r.PendingStateHash) || r.PendingVerifier is null || r.PendingRedirectUri is null)
        {
            throw new UserValidationException("This consent is not the one Bio started (or it was used already): start connecting again from Settings.");
        }

        var (verifier, redirectUri, until) = (Protector.Unprotect(r.PendingVerifier), r.PendingRedirectUri, r.PendingUntil);
        (r.PendingStateHash, r.PendingVerifier, r.PendingRedirectUri, r.PendingUntil) = (null, null, null, null);
        if (until < time.GetUtcNow())
        {
            await SaveAsync();
            throw new UserValidationException($"This consent took longer than {options.Value.ConsentLifetime.TotalMinutes:0} minutes to come back: start connecting again from Settings.");
        }

        TokenSet tokens;
        try
        {
            tokens = await client.ExchangeCodeAsync(provider, code, verifier, redirectUri);
        }
        catch (ProviderException e)
        {
            r.LastError = e.Message;
            await SaveAsync();
            throw new UserValidationException(e.Message);
        }

        Keep(r, tokens);
        r.ConnectedAt = time.GetUtcNow();
        (r.ReconnectNeeded, r.LastError, r.SyncedThrough) = (false, null, null);
        await ScheduleAsync(provider, r);
        await SaveAsync();
        // The first sync (the backfill) runs right after this call, not inside it: the browser is sent on at once.
        _ = this.AsReference<IConnectionsGrain>().QueueSyncAsync(provider);
        return Status(provider);
    }

    public async Task QueueSyncAsync(string provider)
    {
        try
        {
            await SyncAsync(provider);
        }
        catch (UserValidationException e)
        {
            LogSyncSkipped(logger, provider, e.Message);
        }
    }

    public async Task<SyncOutcome> SyncAsync(string provider)
    {
        Check(provider);
        // A sync of this provider under way is joined (its outcome is this call's), never run twice at once.
        if (runs.GetValueOrDefault(provider) is Task<SyncOutcome> { IsCompleted: false } running)
        {
            return await running;
        }

        var run = SyncOnceAsync(provider);
        runs[provider] = run;
        return await run;
    }

    private async Task<SyncOutcome> SyncOnceAsync(string provider)
    {
        var r = Record(provider);
        if (r.ProtectedTokens is null)
        {
            throw new UserValidationException($"{SyncProviders.Get(provider).Name} is not connected: connect it first.");
        }

        var profile = await ProfileAsync();
        var zone = TimeZones.TryGet(profile.TimeZone, out var z) ? z! : TimeZoneInfo.Utc;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone).DateTime);
        var from = r.SyncedThrough is { } through ? through.AddDays(-options.Value.OverlapDays) : today.AddDays(-options.Value.BackfillDays);
        var imports = new List<ImportReport>();
        var (pages, unchanged) = (0, 0);
        string? error = null;
        var data = GrainFactory.GetGrain<IImportsGrain>(Id);
        var done = new HashSet<string>(StringComparer.Ordinal);
        var fetched = new List<BronzeRef>();
        DateOnly? reached = null;
        try
        {
            done.UnionWith((await data.GetImportsAsync()).Where(i => i.Status == ImportReport.Completed && i.Sha256 is not null).Select(i => i.Sha256!));
            var tokens = await FreshTokensAsync(provider, r, force: false);
            foreach (var (start, end) in SyncWindows.Months(from, today))
            {
                foreach (var collection in SyncProviders.Get(provider).Collections)
                {
                    for (var attempt = 0; ; attempt++)
                    {
                        try
                        {
                            await foreach (var page in client.PagesAsync(provider, collection, start, end, tokens.AccessToken, () => PaceAsync(provider)))
                            {
                                pages++;
                                if (page.Items == 0 && page.Problem is null)
                                {
                                    continue; // an empty page: nothing to keep or import
                                }

                                using var content = new MemoryStream(page.Content, writable: false);
                                var bronze = await lake.WriteBronzeAsync(Id, content, SyncProviders.Get(provider).PageFileName(collection, start, end, page.Number));
                                if (bronze.AlreadyStored && done.Contains(bronze.Sha256))
                                {
                                    unchanged++;
                                    continue;
                                }

                                if (done.Add(bronze.Sha256))
                                {
                                    fetched.Add(bronze);
                                }
                            }

                            break;
                        }
                        catch (ProviderClient.UnauthorizedException) when (attempt == 0)
                        {
                            tokens = await FreshTokensAsync(provider, r, force: true);
                        }
                        catch (ProviderClient.UnauthorizedException e)
                        {
                            throw new ProviderException($"{e.Message} Connect {SyncProviders.Get(provider).Name} again.", reconnect: true);
                        }
                    }
                }
            }

            reached = today;
            r.LastError = null;
        }
        catch (ProviderException e)
        {
            error = e.Message;
            r.LastError = e.Message;
            r.ReconnectNeeded |= e.Reconnect;
            LogSyncEnded(logger, provider, e.Message);
        }
        catch (Exception e) when (Unavailable(e))
        {
            // Bio's own storage or the person's data grain did not answer: the run ends where it is.
            error = "Bio's storage did not answer during the sync; the next sync tries again.";
            r.LastError = error;
            LogSyncEnded(logger, provider, e.GetType().Name);
        }

        // What was fetched is imported, all pages in one lake version, even when the sync ended early:
        // every page is in bronze already, and the next run asks again from where this one's days end.
        // Only an import that finished moves the days on: a page kept in bronze but not imported (the
        // person's data grain did not answer) is fetched and imported again by the next run.
        try
        {
            if (fetched.Count > 0)
            {
                imports.AddRange(await data.IngestPagesAsync(fetched, provider));
            }

            r.SyncedThrough = reached ?? r.SyncedThrough;
        }
        catch (Exception e) when (Unavailable(e))
        {
            error = "The import of what was fetched did not finish; the next sync fetches it again.";
            r.LastError = error;
            LogSyncEnded(logger, provider, e.GetType().Name);
        }

        r.LastSyncAt = time.GetUtcNow();
        r.NextRunAt = r.LastSyncAt + options.Value.Interval;
        r.Imports += imports.Count(i => i.Status == ImportReport.Completed);
        await SaveAsync();
        return new SyncOutcome(provider, imports, pages, unchanged, error, Status(provider));
    }

    /// <summary>A failure of Bio's own parts (storage, a grain call), after their own retries: not the provider's.</summary>
    private static bool Unavailable(Exception e) =>
        e is TimeoutException or OrleansException or Azure.RequestFailedException or OperationCanceledException
        || (e is AggregateException a && a.InnerExceptions.All(Unavailable));

    /// <summary>Waits for this call's slot in the provider's budget, shared by the cluster (<see cref="SyncGateGrain"/>).</summary>
    private async Task PaceAsync(string provider)
    {
        var wait = await GrainFactory.GetGrain<ISyncGateGrain>(provider).ReserveAsync();
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time);
        }
    }

    /// <summary>The person's tokens, refreshed first when they end within a minute (or <paramref name="force"/>); a rotated refresh token is kept at once.</summary>
    private async Task<TokenSet> FreshTokensAsync(string provider, ConnectionRecord r, bool force)
    {
        var tokens = Tokens(r);
        if (!force && (tokens.ExpiresAt is null || tokens.ExpiresAt > time.GetUtcNow().AddMinutes(1)))
        {
            return tokens;
        }

        if (tokens.RefreshToken is null)
        {
            throw new ProviderException($"{SyncProviders.Get(provider).Name}'s access has ended and it gave Bio no way to renew it: connect it again.", reconnect: true);
        }

        var renewed = await client.RefreshAsync(provider, tokens.RefreshToken);
        Keep(r, renewed);
        await SaveAsync();
        return renewed;
    }

    private TokenSet Tokens(ConnectionRecord r) => JsonSerializer.Deserialize<TokenSet>(Protector.Unprotect(r.ProtectedTokens!))!;

    private void Keep(ConnectionRecord r, TokenSet tokens) => r.ProtectedTokens = Protector.Protect(JsonSerializer.Serialize(tokens));

    public async Task<bool> DisconnectAsync(string provider)
    {
        Check(provider);
        if (!state.State.Providers.TryGetValue(provider, out var r) || r.ProtectedTokens is null)
        {
            return false;
        }

        try
        {
            await client.RevokeAsync(provider, Tokens(r));
        }
        catch (Exception e) when (e is ProviderException or HttpRequestException or TaskCanceledException or System.Security.Cryptography.CryptographicException)
        {
            LogRevokeFailed(logger, provider, e.GetType().Name);
        }

        await UnscheduleAsync(provider);
        state.State.Providers.Remove(provider);
        await SaveAsync();
        return true;
    }

    public async Task EraseAsync()
    {
        foreach (var provider in SyncProviders.All.Select(p => p.Id))
        {
            await UnscheduleAsync(provider);
            // A running sync ends first: nothing it keeps may be written after the erase.
            await Task.WhenAny(runs.GetValueOrDefault(provider) ?? Task.CompletedTask);
        }

        erased = true;
        await Task.WhenAny(lastWrite);
        await state.ClearStateAsync();

        state.State = new ConnectionsState();
        DeactivateOnIdle();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        var provider = reminderName.StartsWith("sync-", StringComparison.Ordinal) ? reminderName["sync-".Length..] : null;
        if (provider is null || !SyncProviders.IsKnown(provider) || !state.State.Providers.TryGetValue(provider, out var r) || r.ProtectedTokens is null || r.ReconnectNeeded)
        {
            return;
        }

        // The tick only starts the run: a sync may wait minutes on the call budget, longer than a tick may take.
        await this.AsReference<IConnectionsGrain>().QueueSyncAsync(provider);
    }

    /// <summary>
    /// Every few hours (<see cref="SyncOptions.Interval"/>), the first run at an offset within the interval
    /// taken from the person and provider, so a million people connected at once do not sync at once.
    /// </summary>
    private async Task ScheduleAsync(string provider, ConnectionRecord r)
    {
        var interval = options.Value.Interval;
        var spread = TimeSpan.FromTicks((long)(Spread(Id + "/" + provider) * interval.Ticks));
        r.NextRunAt = time.GetUtcNow() + spread;
        await this.RegisterOrUpdateReminder(ReminderName(provider), spread < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : spread, interval);
    }

    /// <summary>A number in [0, 1) fixed by the text (its SHA-256), the same on every silo and every run.</summary>
    public static double Spread(string key) =>
        BitConverter.ToUInt64(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)), 0) / (ulong.MaxValue + 1.0);

    private async Task UnscheduleAsync(string provider)
    {
        if (await this.GetReminder(ReminderName(provider)) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sync of {Provider} for a person ended early: {Error}")]
    private static partial void LogSyncEnded(ILogger logger, string provider, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Revoking {Provider} access failed ({Error}); the tokens are deleted anyway")]
    private static partial void LogRevokeFailed(ILogger logger, string provider, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A sync of {Provider} did not run: {Error}")]
    private static partial void LogSyncSkipped(ILogger logger, string provider, string error);

    private ConnectionRecord Record(string provider) =>
        state.State.Providers.TryGetValue(provider, out var r) ? r : state.State.Providers[provider] = new ConnectionRecord();
}
