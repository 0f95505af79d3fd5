using Bio.Core.Auth;

namespace Bio.Core.Users;

/// <summary>
/// One person's grain, keyed by their user id (see <see cref="UserId"/>). It owns the profile and the
/// hashes of the person's API keys; later it owns their rolling biometric state and lake manifest.
/// </summary>
[Alias("bio.IUserGrain")]
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>Creates the user. Fails with <see cref="UserAlreadyExistsException"/> if it exists.</summary>
    [Alias("CreateAsync")]
    Task<UserCreated> CreateAsync(CreateUser request);

    /// <summary>The profile, or null when no such user was created.</summary>
    [Alias("GetProfileAsync")]
    Task<UserProfile?> GetProfileAsync();

    /// <summary>True when <paramref name="key"/> is a live API key of this user.</summary>
    [Alias("VerifyApiKeyAsync")]
    Task<bool> VerifyApiKeyAsync(ApiKeyParts key);
}
