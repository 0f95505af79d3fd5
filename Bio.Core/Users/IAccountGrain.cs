using Bio.Core.Auth;
using Orleans.Concurrency;

namespace Bio.Core.Users;

/// <summary>
/// A person's account, keyed by their user id (see <see cref="UserId"/>): the profile, the hashes of their
/// API keys and the coaches they granted read access. Small state and short calls only: it never waits on
/// the person's data (<see cref="IUserGrain"/>), so a key check or a coach's access check is answered while
/// an import or a backtest runs. The reads interleave with everything (they read the state in one step);
/// a revoked key or grant is gone from the state before the revoking call returns, so the very next
/// request sees it.
/// </summary>
[Alias("bio.IAccountGrain")]
public interface IAccountGrain : IGrainWithStringKey
{
    /// <summary>Creates the user. Fails with <see cref="UserAlreadyExistsException"/> if it exists.</summary>
    [Alias("CreateAsync")]
    Task<UserCreated> CreateAsync(CreateUser request);

    /// <summary>The profile, or null when no such user was created.</summary>
    [Alias("GetProfileAsync"), AlwaysInterleave]
    Task<UserProfile?> GetProfileAsync();

    /// <summary>Changes the display name and/or the time zone (null leaves it); returns the new profile.</summary>
    [Alias("UpdateProfileAsync")]
    Task<UserProfile> UpdateProfileAsync(string? displayName, string? timeZone);

    /// <summary>Sets the given parts of the body profile (null leaves a part); refuses implausible values with the reason. Returns the new profile.</summary>
    [Alias("UpdateBodyAsync")]
    Task<UserProfile> UpdateBodyAsync(BodyProfile change);

    /// <summary>
    /// Erases the user: the account first (the keys stop working at once, grants end both ways), then
    /// everything of their data (<see cref="IUserGrain.EraseAsync"/>). Returns how many blobs were deleted.
    /// </summary>
    [Alias("DeleteAsync")]
    Task<int> DeleteAsync();

    /// <summary>The user's keys, oldest first (ids, names and dates; never secrets).</summary>
    [Alias("GetApiKeysAsync"), AlwaysInterleave]
    Task<IReadOnlyList<ApiKeyInfo>> GetApiKeysAsync();

    /// <summary>Issues another named key (at most 10); the key is returned this once.</summary>
    [Alias("CreateApiKeyAsync")]
    Task<IssuedApiKey> CreateApiKeyAsync(string name);

    /// <summary>
    /// Revokes a key at once. False when there is no such key; refuses (<see cref="UserValidationException"/>)
    /// to revoke the last one, which would lock the person out.
    /// </summary>
    [Alias("RevokeApiKeyAsync")]
    Task<bool> RevokeApiKeyAsync(string keyId);

    /// <summary>True when <paramref name="key"/> is a live API key of this user.</summary>
    [Alias("VerifyApiKeyAsync"), AlwaysInterleave]
    Task<bool> VerifyApiKeyAsync(ApiKeyParts key);

    /// <summary>The person's write-only ingest tokens, oldest first (ids, names and dates; never secrets).</summary>
    [Alias("GetIngestTokensAsync"), AlwaysInterleave]
    Task<IReadOnlyList<ApiKeyInfo>> GetIngestTokensAsync();

    /// <summary>Issues a named ingest token (at most 10), which may only push data (<see cref="IngestTokens"/>); returned this once.</summary>
    [Alias("CreateIngestTokenAsync")]
    Task<IssuedIngestToken> CreateIngestTokenAsync(string name);

    /// <summary>Revokes an ingest token at once; false when there is no such token. Any token may go, the last too.</summary>
    [Alias("RevokeIngestTokenAsync")]
    Task<bool> RevokeIngestTokenAsync(string tokenId);

    /// <summary>True when <paramref name="token"/> is a live ingest token of this user.</summary>
    [Alias("VerifyIngestTokenAsync"), AlwaysInterleave]
    Task<bool> VerifyIngestTokenAsync(ApiKeyParts token);

    /// <summary>True when this person granted <paramref name="coachId"/> read access.</summary>
    [Alias("HasCoachAsync"), AlwaysInterleave]
    Task<bool> HasCoachAsync(string coachId);

    /// <summary>The users this person granted read access (coaches).</summary>
    [Alias("GetCoachesAsync"), AlwaysInterleave]
    Task<IReadOnlyList<string>> GetCoachesAsync();

    /// <summary>
    /// Grants <paramref name="coachId"/> (an existing user, not this one) read access to this person's data.
    /// It asks the coach's account only for its profile (an interleaving read) and records the athlete in
    /// the coach's <see cref="IAthletesGrain"/>, which calls nobody: two people granting each other at the
    /// same moment cannot wait on each other.
    /// </summary>
    [Alias("GrantCoachAsync")]
    Task GrantCoachAsync(string coachId);

    /// <summary>Takes a coach's read access back at once; false when there was none.</summary>
    [Alias("RevokeCoachAsync")]
    Task<bool> RevokeCoachAsync(string coachId);

    /// <summary>Called when a coach's account is erased: drops the grant without calling back.</summary>
    [Alias("ForgetCoachAsync")]
    Task ForgetCoachAsync(string coachId);
}

/// <summary>
/// The people who granted one user (the key: the coach's id) read access. Written by the athletes'
/// accounts, read by the coach; it calls no other grain.
/// </summary>
[Alias("bio.IAthletesGrain")]
public interface IAthletesGrain : IGrainWithStringKey
{
    /// <summary>The athletes, in the order they granted access.</summary>
    [Alias("GetAsync"), AlwaysInterleave]
    Task<IReadOnlyList<string>> GetAsync();

    /// <summary>Records (true) or drops (false) an athlete's grant.</summary>
    [Alias("SetAsync")]
    Task SetAsync(string athleteId, bool granted);

    /// <summary>Forgets every athlete (the coach's account is being erased).</summary>
    [Alias("ClearAsync")]
    Task ClearAsync();
}
