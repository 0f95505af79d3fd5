using Bio.Core.Auth;
using Microsoft.Extensions.Time.Testing;

namespace Bio.Tests.Users;

public sealed class ApiKeysTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

    [Fact]
    public void AnIssuedKeyParsesToItsUserAndVerifies()
    {
        var (key, stored) = ApiKeys.Issue("ada", time);

        Assert.True(ApiKeys.TryParse(key, out var parts));
        Assert.Equal("ada", parts.UserId);
        Assert.Equal(stored.KeyId, parts.KeyId);
        Assert.True(ApiKeys.Verify(stored, parts.Secret));
        Assert.Equal(time.GetUtcNow(), stored.CreatedAt);
    }

    [Fact]
    public void AnIngestTokenHasItsOwnPrefixAndIsNeverAnApiKey()
    {
        var (token, stored) = IngestTokens.Issue("ada", time, "phone");
        var (key, _) = ApiKeys.Issue("ada", time);

        Assert.StartsWith($"bioin_ada_{stored.KeyId}_", token, StringComparison.Ordinal);
        Assert.True(IngestTokens.TryParse(token, out var parts));
        Assert.True(ApiKeys.Verify(stored, parts.Secret));
        Assert.Equal("phone", stored.Name);
        Assert.False(ApiKeys.TryParse(token, out _));
        Assert.False(IngestTokens.TryParse(key, out _));
        Assert.False(IngestTokens.LooksLikeOne(key));
    }

    [Fact]
    public void TheStoredFormHoldsNeitherTheKeyNorTheSecret()
    {
        var (key, stored) = ApiKeys.Issue("ada", time);
        ApiKeys.TryParse(key, out var parts);

        var storedText = Convert.ToHexStringLower(stored.Hash) + Convert.ToHexStringLower(stored.Salt) + stored.KeyId;
        Assert.DoesNotContain(parts!.Secret, storedText, StringComparison.Ordinal);
        Assert.DoesNotContain(parts.Secret, parts.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TheSameSecretHashesDifferentlyUnderEachSalt()
    {
        var (_, a) = ApiKeys.Issue("ada", time);
        var (_, b) = ApiKeys.Issue("ada", time);
        Assert.NotEqual(a.Salt, b.Salt);
        Assert.NotEqual(a.Hash, b.Hash);
    }

    [Fact]
    public void AWrongSecretDoesNotVerify()
    {
        var (key, stored) = ApiKeys.Issue("ada", time);
        ApiKeys.TryParse(key, out var parts);
        var flipped = (parts!.Secret[0] == 'a' ? "b" : "a") + parts.Secret[1..];
        Assert.False(ApiKeys.Verify(stored, flipped));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("bio_")]
    [InlineData("bio_ada")]
    [InlineData("bio_ada_0123456789ab")]
    [InlineData("bio_Ada_0123456789ab_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("bio_ada_0123456789ab_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde")]
    [InlineData("bio_ada_0123456789AB_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("key_ada_0123456789ab_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void MalformedKeysDoNotParse(string? key) => Assert.False(ApiKeys.TryParse(key, out _));

    [Fact]
    public void HyphenatedUserIdsParse()
    {
        var (key, _) = ApiKeys.Issue("ada-l-42", time);
        Assert.True(ApiKeys.TryParse(key, out var parts));
        Assert.Equal("ada-l-42", parts.UserId);
    }

    [Theory]
    [InlineData("secret", "secret", true)]
    [InlineData("secret", "Secret", false)]
    [InlineData("", "secret", false)]
    [InlineData("secret", "", false)]
    [InlineData(null, null, false)]
    public void TheAdminKeyMatchesOnlyItself(string? presented, string? configured, bool expected) =>
        Assert.Equal(expected, ApiKeys.AdminKeyMatches(presented, configured));
}
