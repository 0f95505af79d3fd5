using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using Bio.Core.Users;

namespace Bio.Core.Auth;

/// <summary>The parts of a presented API key: whose it is, which of their keys, and the secret.</summary>
[GenerateSerializer, Immutable, Alias("bio.ApiKeyParts")]
public sealed record ApiKeyParts(
    [property: Id(0)] string UserId,
    [property: Id(1)] string KeyId,
    [property: Id(2)] string Secret)
{
    // Never print the secret, not even in a debugger or a log line that formats the record.
    public override string ToString() => $"ApiKeyParts {{ UserId = {UserId}, KeyId = {KeyId} }}";
}

/// <summary>What is stored of an API key: a random salt and the salted hash, never the key.</summary>
[GenerateSerializer, Immutable, Alias("bio.StoredApiKey")]
public sealed record StoredApiKey(
    [property: Id(0)] string KeyId,
    [property: Id(1)] byte[] Salt,
    [property: Id(2)] byte[] Hash,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] string? Name = null);

/// <summary>A key as its owner sees it: its id, name and age, never the secret or its hash.</summary>
[GenerateSerializer, Immutable, Alias("bio.ApiKeyInfo")]
public sealed record ApiKeyInfo(
    [property: Id(0)] string KeyId,
    [property: Id(1)] string Name,
    [property: Id(2)] DateTimeOffset CreatedAt);

/// <summary>A new key, shown this once.</summary>
[GenerateSerializer, Immutable, Alias("bio.IssuedApiKey")]
public sealed record IssuedApiKey(
    [property: Id(0)] ApiKeyInfo Info,
    [property: Id(1)] string ApiKey);

/// <summary>
/// User API keys look like <c>bio_{userId}_{keyId}_{secret}</c>: the user id says whose grain checks
/// the key, so a key can only ever authenticate its own user. The secret is 256 random bits; such a key
/// needs no slow password hash, so a salted HMAC-SHA256 is stored and compared in constant time.
/// </summary>
public static class ApiKeys
{
    private const string Prefix = "bio_";
    private const int KeyIdBytes = 6;
    private const int SecretBytes = 32;

    public static (string Key, StoredApiKey Stored) Issue(string userId, TimeProvider time, string? name = null) => Issue(Prefix, userId, time, name);

    /// <summary>A key or token with its own prefix (<see cref="IngestTokens"/>): the same shape, secret and hash.</summary>
    internal static (string Key, StoredApiKey Stored) Issue(string prefix, string userId, TimeProvider time, string? name)
    {
        if (!UserId.IsValid(userId))
        {
            throw new ArgumentException(UserId.Describe(userId), nameof(userId));
        }

        var keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(KeyIdBytes));
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(SecretBytes));
        var salt = RandomNumberGenerator.GetBytes(16);
        var stored = new StoredApiKey(keyId, salt, Hash(salt, secret), time.GetUtcNow(), name);
        return ($"{prefix}{userId}_{keyId}_{secret}", stored);
    }

    public static ApiKeyInfo Describe(StoredApiKey stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return new ApiKeyInfo(stored.KeyId, stored.Name ?? "first key", stored.CreatedAt);
    }

    public static bool TryParse(string? key, [NotNullWhen(true)] out ApiKeyParts? parts) => TryParse(Prefix, key, out parts);

    internal static bool TryParse(string prefix, string? key, [NotNullWhen(true)] out ApiKeyParts? parts)
    {
        parts = null;
        if (key is null || !key.StartsWith(prefix, StringComparison.Ordinal) || key.Length > 200)
        {
            return false;
        }

        var rest = key.AsSpan(prefix.Length);
        var secretSep = rest.LastIndexOf('_');
        if (secretSep <= 0)
        {
            return false;
        }

        var keyIdSep = rest[..secretSep].LastIndexOf('_');
        if (keyIdSep <= 0)
        {
            return false;
        }

        var userId = rest[..keyIdSep].ToString();
        var keyId = rest[(keyIdSep + 1)..secretSep].ToString();
        var secret = rest[(secretSep + 1)..].ToString();
        if (!UserId.IsValid(userId) || !IsHex(keyId, KeyIdBytes * 2) || !IsHex(secret, SecretBytes * 2))
        {
            return false;
        }

        parts = new ApiKeyParts(userId, keyId, secret);
        return true;
    }

    public static bool Verify(StoredApiKey stored, string secret) =>
        CryptographicOperations.FixedTimeEquals(stored.Hash, Hash(stored.Salt, secret));

    /// <summary>Constant-time comparison of a presented admin key with the configured one.</summary>
    public static bool AdminKeyMatches(string? presented, string? configured)
    {
        if (string.IsNullOrEmpty(presented) || string.IsNullOrEmpty(configured))
        {
            return false;
        }

        var a = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        var b = SHA256.HashData(Encoding.UTF8.GetBytes(configured));
        return CryptographicOperations.FixedTimeEquals(a, b);
    }

    private static byte[] Hash(byte[] salt, string secret) =>
        HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(secret));

    private static bool IsHex(string s, int length) =>
        s.Length == length && s.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}
