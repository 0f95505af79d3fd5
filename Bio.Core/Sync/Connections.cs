using Bio.Core.Ingest;
using Orleans.Concurrency;

namespace Bio.Core.Sync;

/// <summary>What a provider's connection is for one person.</summary>
public static class ConnectionStates
{
    /// <summary>This Bio is not registered with the provider (no client id or secret): nothing to connect.</summary>
    public const string NotConfigured = "not_configured";

    /// <summary>The person can connect.</summary>
    public const string Available = "available";

    public const string Connected = "connected";

    /// <summary>The provider refused Bio's tokens (revoked, expired): only connecting again helps.</summary>
    public const string ReconnectNeeded = "reconnect_needed";
}

/// <summary>A provider's connection as the person sees it: its state, the last sync and its error, the next run. Never a token.</summary>
[GenerateSerializer, Immutable, Alias("bio.ConnectionStatus")]
public sealed record ConnectionStatus(
    [property: Id(0)] string Provider,
    [property: Id(1)] string Name,
    [property: Id(2)] string State,
    [property: Id(3)] DateTimeOffset? ConnectedAt,
    [property: Id(4)] DateTimeOffset? LastSyncAt,
    [property: Id(5)] string? LastError,
    [property: Id(6)] DateTimeOffset? NextRunAt,
    [property: Id(7)] DateOnly? SyncedThrough,
    [property: Id(8)] int Imports);

/// <summary>Where to send the person's browser to give Bio access.</summary>
[GenerateSerializer, Immutable, Alias("bio.ConnectionStart")]
public sealed record ConnectionStart([property: Id(0)] string Provider, [property: Id(1)] string AuthorizeUrl);

/// <summary>What one sync did: the imports it made (one a changed page), the pages fetched and how many were unchanged, and the error that ended it early.</summary>
[GenerateSerializer, Immutable, Alias("bio.SyncOutcome")]
public sealed record SyncOutcome(
    [property: Id(0)] string Provider,
    [property: Id(1)] IReadOnlyList<ImportReport> Imports,
    [property: Id(2)] int Pages,
    [property: Id(3)] int Unchanged,
    [property: Id(4)] string? Error,
    [property: Id(5)] ConnectionStatus Status);

/// <summary>
/// A person's connections to device clouds (the key: their user id): the tokens (encrypted at rest,
/// never returned), the consent under way, the sync schedule. A sync fetches each collection's pages,
/// keeps each in bronze and imports the changed ones through the person's data grain, exactly as an
/// upload. Only the owner reaches it through the API; the consent's callback reaches it by its state.
/// </summary>
[Alias("bio.IConnectionsGrain")]
public interface IConnectionsGrain : IGrainWithStringKey
{
    /// <summary>Every provider: not configured, available, connected or reconnect needed, with its last sync.</summary>
    [Alias("GetAsync"), AlwaysInterleave]
    Task<IReadOnlyList<ConnectionStatus>> GetAsync();

    /// <summary>Starts a consent: a state bound to this person and a PKCE verifier are kept; the provider's consent URL is returned.</summary>
    [Alias("StartAsync")]
    Task<ConnectionStart> StartAsync(string provider, string redirectUri);

    /// <summary>Completes the consent the state belongs to: exchanges the code, keeps the tokens, schedules the syncs and starts the first (a backfill).</summary>
    [Alias("CompleteAsync")]
    Task<ConnectionStatus> CompleteAsync(string provider, string consent, string code);

    /// <summary>Queues a sync to run after the current call (the backfill after connecting); its outcome is in the status.</summary>
    [Alias("QueueSyncAsync"), OneWay]
    Task QueueSyncAsync(string provider);

    /// <summary>Syncs now and returns what it imported.</summary>
    [Alias("SyncAsync")]
    Task<SyncOutcome> SyncAsync(string provider);

    /// <summary>Disconnects: revokes at the provider where it can, deletes the tokens, stops the schedule. False when it was not connected.</summary>
    [Alias("DisconnectAsync")]
    Task<bool> DisconnectAsync(string provider);

    /// <summary>Forgets everything (the person is being erased): no token is left anywhere.</summary>
    [Alias("EraseAsync")]
    Task EraseAsync();
}

/// <summary>A provider's call budget shared by the whole cluster: each data call reserves a slot first.</summary>
[Alias("bio.ISyncGateGrain")]
public interface ISyncGateGrain : IGrainWithStringKey
{
    /// <summary>Reserves the next call's slot; returns how long to wait for it (zero when the budget has room).</summary>
    [Alias("ReserveAsync")]
    Task<TimeSpan> ReserveAsync();
}

/// <summary>A consent's state: the person it belongs to, before the dot, then 32 random bytes (base64url).</summary>
public static class ConsentState
{
    public static string New(string userId) => userId + "." + Duende.IdentityModel.CryptoRandom.CreateUniqueId(32, Duende.IdentityModel.CryptoRandom.OutputFormat.Base64Url);

    /// <summary>The person a state names, or null when it is not a state Bio made.</summary>
    public static string? UserOf(string? state)
    {
        var dot = state?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        return dot > 0 && Users.UserId.IsValid(state![..dot]) && state.Length - dot - 1 >= 40 ? state[..dot] : null;
    }

    /// <summary>What is kept of a state: its SHA-256, compared in fixed time.</summary>
    public static string Hash(string state) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(state)));

    public static bool Matches(string state, string? hash) =>
        hash is not null && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(Hash(state)), System.Text.Encoding.ASCII.GetBytes(hash));
}
