namespace Bio.Core.Users;

/// <summary>What a person tells Bio about themselves. Persisted in the user grain's state.</summary>
[GenerateSerializer, Immutable, Alias("bio.UserProfile")]
public sealed record UserProfile(
    [property: Id(0)] string Id,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] string TimeZone,
    [property: Id(3)] DateTimeOffset CreatedAt)
{
    /// <summary>Height, weight, birth year and sex where the person gave them (for the plan's fuel targets).</summary>
    [Id(4)]
    public BodyProfile? Body { get; init; }
}

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

/// <summary>
/// What a person may tell Bio about their body, each optional, for the resting energy and the g/kg targets of
/// the plan's fuel (<see cref="Plans.Fuel"/>): height (cm), weight (kg), birth year and sex ("female" or
/// "male", the two sets of constants of the Mifflin-St Jeor equation).
/// </summary>
[GenerateSerializer, Immutable, Alias("bio.BodyProfile")]
public sealed record BodyProfile(
    [property: Id(0)] double? HeightCm,
    [property: Id(1)] double? WeightKg,
    [property: Id(2)] int? BirthYear,
    [property: Id(3)] string? Sex)
{
    public static readonly BodyProfile Empty = new(null, null, null, null);

    /// <summary>Null when the values are plausible for an adult's body, else the sentence that says which is not.</summary>
    public string? Problem(int currentYear)
    {
        if (HeightCm is < 100 or > 250)
        {
            return $"heightCm is in centimetres, 100 to 250, not {HeightCm}.";
        }

        if (WeightKg is < 25 or > 300)
        {
            return $"weightKg is in kilograms, 25 to 300, not {WeightKg}.";
        }

        if (BirthYear is { } y && (y < currentYear - 110 || y > currentYear - 10))
        {
            return $"birthYear is a year from {currentYear - 110} to {currentYear - 10}, not {y}.";
        }

        return Sex is null or "female" or "male" ? null : $"sex is \"female\" or \"male\" (the Mifflin-St Jeor equation's two forms), not \"{Sex}\".";
    }

    /// <summary>This profile with every value <paramref name="change"/> gives in place of its own.</summary>
    public BodyProfile With(BodyProfile change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return new(change.HeightCm ?? HeightCm, change.WeightKg ?? WeightKg, change.BirthYear ?? BirthYear, change.Sex ?? Sex);
    }
}
