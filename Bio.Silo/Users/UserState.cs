using Bio.Core.Auth;
using Bio.Core.Users;

namespace Bio.Silo.Users;

/// <summary>The persisted part of a user grain. Kept small: history lives in the lake.</summary>
[GenerateSerializer, Alias("bio.UserState")]
public sealed class UserState
{
    [Id(0)] public UserProfile? Profile { get; set; }

    [Id(1)] public List<StoredApiKey> ApiKeys { get; set; } = [];
}
