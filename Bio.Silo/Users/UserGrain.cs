using Bio.Core.Auth;
using Bio.Core.Users;
using Bio.ServiceDefaults;

namespace Bio.Silo.Users;

public sealed class UserGrain(
    [PersistentState("user", ResourceNames.UserStateStore)] IPersistentState<UserState> state,
    TimeProvider time) : Grain, IUserGrain
{
    private string Id => this.GetPrimaryKeyString();

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

    public Task<bool> VerifyApiKeyAsync(ApiKeyParts key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var stored = state.State.ApiKeys.Find(k => k.KeyId == key.KeyId);
        var valid = state.State.Profile is not null && key.UserId == Id && stored is not null && ApiKeys.Verify(stored, key.Secret);
        return Task.FromResult(valid);
    }
}
