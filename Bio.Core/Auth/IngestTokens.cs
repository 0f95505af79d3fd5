using System.Diagnostics.CodeAnalysis;

namespace Bio.Core.Auth;

/// <summary>A new ingest token, shown this once, with the address it pushes to.</summary>
[GenerateSerializer, Immutable, Alias("bio.IssuedIngestToken")]
public sealed record IssuedIngestToken(
    [property: Id(0)] ApiKeyInfo Info,
    [property: Id(1)] string Token);

/// <summary>
/// Write-only ingest tokens look like <c>bioin_{userId}_{tokenId}_{secret}</c>: made, stored (a salted hash)
/// and checked like <see cref="ApiKeys"/>, but with a prefix of their own, so no key check ever accepts one
/// (an API key starts <c>bio_</c>, and <c>bioin_</c> does not). A phone app that pushes Apple Health data
/// holds one: it may upload to the person's push endpoint and reach nothing else.
/// </summary>
public static class IngestTokens
{
    private const string Prefix = "bioin_";

    public static (string Token, StoredApiKey Stored) Issue(string userId, TimeProvider time, string name) => ApiKeys.Issue(Prefix, userId, time, name);

    public static bool TryParse(string? token, [NotNullWhen(true)] out ApiKeyParts? parts) => ApiKeys.TryParse(Prefix, token, out parts);

    /// <summary>True when the presented bearer is shaped as an ingest token (whether or not it is live).</summary>
    public static bool LooksLikeOne(string? token) => token?.StartsWith(Prefix, StringComparison.Ordinal) == true;
}
