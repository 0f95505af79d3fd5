namespace Bio.Core.Users;

/// <summary>What a person tells Bio about themselves. Persisted in the user grain's state.</summary>
[GenerateSerializer, Immutable, Alias("bio.UserProfile")]
public sealed record UserProfile(
    [property: Id(0)] string Id,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] string TimeZone,
    [property: Id(3)] DateTimeOffset CreatedAt);

/// <summary>The request to create a user's profile.</summary>
[GenerateSerializer, Immutable, Alias("bio.CreateUser")]
public sealed record CreateUser(
    [property: Id(0)] string DisplayName,
    [property: Id(1)] string TimeZone);

/// <summary>Outcome of creating a user: the profile and the one-time API key (shown once, never stored).</summary>
[GenerateSerializer, Immutable, Alias("bio.UserCreated")]
public sealed record UserCreated(
    [property: Id(0)] UserProfile Profile,
    [property: Id(1)] string ApiKey);
