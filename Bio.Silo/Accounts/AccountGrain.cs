using Bio.Core.Auth;
using Bio.Core.Users;
using Bio.ServiceDefaults;

namespace Bio.Silo.Accounts;

/// <summary>The persisted account: profile, key hashes, granted coaches. Small whatever the person does.</summary>
[GenerateSerializer, Alias("bio.AccountState")]
public sealed class AccountState
{
    [Id(0)] public UserProfile? Profile { get; set; }

    [Id(1)] public List<StoredApiKey> ApiKeys { get; set; } = [];

    /// <summary>The users this person granted read access to their data (coaches), by user id.</summary>
    [Id(2)] public List<string> Coaches { get; set; } = [];

    /// <summary>Hashes of the write-only ingest tokens (an iPhone app pushing Apple Health data holds one).</summary>
    [Id(3)] public List<StoredApiKey> IngestTokens { get; set; } = [];
}

/// <summary>See <see cref="IAccountGrain"/>. Its reads are synchronous over the state, so they interleave safely.</summary>
public sealed class AccountGrain(
    [PersistentState("account", ResourceNames.UserStateStore)] IPersistentState<AccountState> state,
    [FromKeyedServices(Extensions.UserClock)] TimeProvider time,
    ILogger<AccountGrain> logger) : Grain, IAccountGrain, IIncomingGrainCallFilter
{
    /// <summary>A write that meets a state changed under it reads again and redoes the call (<see cref="StateConflicts"/>).</summary>
    public Task Invoke(IIncomingGrainCallContext context) => StateConflicts.InvokeAsync(context, state.ReadStateAsync, null, logger);

    public const int MaxApiKeys = 10;
    public const int MaxCoaches = 20;
    public const int MaxIngestTokens = 10;

    private string Id => this.GetPrimaryKeyString();

    private UserProfile Profile => state.State.Profile ?? throw new UserValidationException($"There is no user '{Id}'.");

    public async Task<UserCreated> CreateAsync(CreateUser request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (state.State.Profile is not null)
        {
            throw new UserAlreadyExistsException(Id);
        }

        var displayName = request.DisplayName?.Trim();
        if (string.IsNullOrEmpty(displayName) || displayName.Length > 100)
        {
            throw new UserValidationException("displayName is required and must be at most 100 characters.");
        }

        if (!TimeZones.TryGet(request.TimeZone, out _))
        {
            throw new UserValidationException(TimeZones.Describe(request.TimeZone));
        }

        var profile = new UserProfile(Id, displayName, request.TimeZone, time.GetUtcNow());
        var (key, stored) = ApiKeys.Issue(Id, time);
        state.State.Profile = profile;
        state.State.ApiKeys.Add(stored);
        await state.WriteStateAsync();
        return new UserCreated(profile, key);
    }

    public Task<UserProfile?> GetProfileAsync() => Task.FromResult(state.State.Profile);

    public async Task<UserProfile> UpdateBodyAsync(BodyProfile change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var profile = Profile;
        var body = (profile.Body ?? BodyProfile.Empty).With(change);
        if (body.Problem(time.GetUtcNow().Year) is { } problem)
        {
            throw new UserValidationException(problem);
        }

        var updated = profile with { Body = body };
        state.State.Profile = updated;
        await state.WriteStateAsync();
        return updated;
    }

    public async Task<UserProfile> UpdateProfileAsync(string? displayName, string? timeZone)
    {
        var profile = Profile;
        displayName = displayName?.Trim();
        if (displayName is not null && (displayName.Length == 0 || displayName.Length > 100))
        {
            throw new UserValidationException("displayName must be 1 to 100 characters.");
        }

        if (timeZone is not null && !TimeZones.TryGet(timeZone, out _))
        {
            throw new UserValidationException(TimeZones.Describe(timeZone));
        }

        var updated = profile with { DisplayName = displayName ?? profile.DisplayName, TimeZone = timeZone ?? profile.TimeZone };
        state.State.Profile = updated;
        await state.WriteStateAsync();
        if (updated.TimeZone != profile.TimeZone)
        {
            // The local mornings moved: the data's reminders aim at the new zone's.
            await GrainFactory.GetGrain<IUserGrain>(Id).TimeZoneChangedAsync();
        }

        return updated;
    }

    public async Task<int> DeleteAsync()
    {
        _ = Profile;
        // Grants end both ways: this person's coaches lose access, and athletes this person coached forget them.
        foreach (var coach in state.State.Coaches)
        {
            await GrainFactory.GetGrain<IAthletesGrain>(coach).SetAsync(Id, granted: false);
        }

        var athletes = GrainFactory.GetGrain<IAthletesGrain>(Id);
        foreach (var athlete in await athletes.GetAsync())
        {
            await GrainFactory.GetGrain<IAccountGrain>(athlete).ForgetCoachAsync(Id);
        }

        await athletes.ClearAsync();

        // The account goes first (keys stop working, and writers that check for the person, such as the
        // audit, see nobody), then the data.
        await state.ClearStateAsync();
        state.State = new AccountState();
        // Device tokens go with the account: nothing can sync for a person who is gone.
        await GrainFactory.GetGrain<Bio.Core.Sync.IConnectionsGrain>(Id).EraseAsync();
        var deleted = await GrainFactory.GetGrain<IUserGrain>(Id).EraseAsync();
        DeactivateOnIdle();
        return deleted;
    }

    public Task<IReadOnlyList<ApiKeyInfo>> GetApiKeysAsync() =>
        Task.FromResult<IReadOnlyList<ApiKeyInfo>>([.. state.State.ApiKeys.Select(ApiKeys.Describe)]);

    public async Task<IssuedApiKey> CreateApiKeyAsync(string name)
    {
        _ = Profile;
        name = name?.Trim() ?? "";
        if (name.Length is 0 or > 60)
        {
            throw new UserValidationException("A key needs a name of 1 to 60 characters, e.g. 'laptop' or 'phone shortcut'.");
        }

        if (state.State.ApiKeys.Count >= MaxApiKeys)
        {
            throw new UserValidationException($"You already have {MaxApiKeys} keys: revoke one you no longer use first.");
        }

        var (key, stored) = ApiKeys.Issue(Id, time, name);
        state.State.ApiKeys.Add(stored);
        await state.WriteStateAsync();
        return new IssuedApiKey(ApiKeys.Describe(stored), key);
    }

    public async Task<bool> RevokeApiKeyAsync(string keyId)
    {
        var stored = state.State.ApiKeys.Find(k => k.KeyId == keyId);
        if (stored is null)
        {
            return false;
        }

        if (state.State.ApiKeys.Count == 1)
        {
            throw new UserValidationException("That is your only key: create another before revoking it, or you could not sign in again.");
        }

        // Out of the list before the write: a key check interleaving with it already fails.
        state.State.ApiKeys.Remove(stored);
        await state.WriteStateAsync();
        return true;
    }

    public Task<bool> VerifyApiKeyAsync(ApiKeyParts key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var stored = state.State.ApiKeys.Find(k => k.KeyId == key.KeyId);
        return Task.FromResult(state.State.Profile is not null && key.UserId == Id && stored is not null && ApiKeys.Verify(stored, key.Secret));
    }

    public Task<IReadOnlyList<ApiKeyInfo>> GetIngestTokensAsync() =>
        Task.FromResult<IReadOnlyList<ApiKeyInfo>>([.. state.State.IngestTokens.Select(ApiKeys.Describe)]);

    public async Task<IssuedIngestToken> CreateIngestTokenAsync(string name)
    {
        _ = Profile;
        name = name?.Trim() ?? "";
        if (name.Length is 0 or > 60)
        {
            throw new UserValidationException("A token needs a name of 1 to 60 characters, e.g. 'Health Auto Export on my iPhone'.");
        }

        if (state.State.IngestTokens.Count >= MaxIngestTokens)
        {
            throw new UserValidationException($"You already have {MaxIngestTokens} ingest tokens: revoke one you no longer use first.");
        }

        var (token, stored) = IngestTokens.Issue(Id, time, name);
        state.State.IngestTokens.Add(stored);
        await state.WriteStateAsync();
        return new IssuedIngestToken(ApiKeys.Describe(stored), token);
    }

    public async Task<bool> RevokeIngestTokenAsync(string tokenId)
    {
        // Out of the list before the write: a check interleaving with it already fails.
        if (state.State.IngestTokens.RemoveAll(t => t.KeyId == tokenId) == 0)
        {
            return false;
        }

        await state.WriteStateAsync();
        return true;
    }

    public Task<bool> VerifyIngestTokenAsync(ApiKeyParts token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var stored = state.State.IngestTokens.Find(t => t.KeyId == token.KeyId);
        return Task.FromResult(state.State.Profile is not null && token.UserId == Id && stored is not null && ApiKeys.Verify(stored, token.Secret));
    }

    public Task<bool> HasCoachAsync(string coachId) => Task.FromResult(state.State.Profile is not null && state.State.Coaches.Contains(coachId));

    public Task<IReadOnlyList<string>> GetCoachesAsync() => Task.FromResult<IReadOnlyList<string>>([.. state.State.Coaches]);

    public async Task GrantCoachAsync(string coachId)
    {
        _ = Profile;
        if (!UserId.IsValid(coachId) || coachId == Id)
        {
            throw new UserValidationException(coachId == Id ? "You already see your own data." : UserId.Describe(coachId));
        }

        if (await GrainFactory.GetGrain<IAccountGrain>(coachId).GetProfileAsync() is null)
        {
            throw new UserValidationException($"There is no user '{coachId}' to grant access to.");
        }

        if (!state.State.Coaches.Contains(coachId))
        {
            if (state.State.Coaches.Count >= MaxCoaches)
            {
                throw new UserValidationException($"You have granted {MaxCoaches} coaches already: revoke one first.");
            }

            state.State.Coaches.Add(coachId);
            await state.WriteStateAsync();
        }

        await GrainFactory.GetGrain<IAthletesGrain>(coachId).SetAsync(Id, granted: true);
    }

    public async Task<bool> RevokeCoachAsync(string coachId)
    {
        if (!state.State.Coaches.Remove(coachId))
        {
            return false;
        }

        // Access ends here, now; the coach's list of athletes follows.
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IAthletesGrain>(coachId).SetAsync(Id, granted: false);
        return true;
    }

    public async Task ForgetCoachAsync(string coachId)
    {
        if (state.State.Coaches.Remove(coachId))
        {
            await state.WriteStateAsync();
        }
    }
}

/// <summary>The persisted list of a coach's athletes.</summary>
[GenerateSerializer, Alias("bio.AthletesState")]
public sealed class AthletesState
{
    [Id(0)] public List<string> Athletes { get; set; } = [];
}

/// <summary>See <see cref="IAthletesGrain"/>.</summary>
public sealed class AthletesGrain(
    [PersistentState("athletes", ResourceNames.UserStateStore)] IPersistentState<AthletesState> state) : Grain, IAthletesGrain
{
    public Task<IReadOnlyList<string>> GetAsync() => Task.FromResult<IReadOnlyList<string>>([.. state.State.Athletes]);

    public async Task SetAsync(string athleteId, bool granted)
    {
        if (granted == state.State.Athletes.Contains(athleteId))
        {
            return;
        }

        if (granted)
        {
            state.State.Athletes.Add(athleteId);
        }
        else
        {
            state.State.Athletes.Remove(athleteId);
        }

        await state.WriteStateAsync();
    }

    public async Task ClearAsync()
    {
        if (state.State.Athletes.Count > 0)
        {
            await state.ClearStateAsync();
            state.State = new AthletesState();
        }
    }
}
