using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Bio.Core.Users;

/// <summary>
/// A user id: 1-63 characters of lower-case letters, digits and hyphens, starting with a letter or digit.
/// It is the user grain's key and the user's storage prefix, so it must be safe in URLs and blob names.
/// </summary>
public static partial class UserId
{
    public const string Pattern = @"\A[a-z0-9][a-z0-9-]{0,62}\z";

    [GeneratedRegex(Pattern, RegexOptions.CultureInvariant)]
    private static partial Regex Regex();

    public static bool IsValid([NotNullWhen(true)] string? id) => id is not null && Regex().IsMatch(id);

    public static string Describe(string? id) =>
        $"'{id}' is not a valid user id: use 1 to 63 lower-case letters, digits or hyphens, starting with a letter or digit.";

    /// <summary>A fresh random id for a user created without one.</summary>
    public static string New() => "u-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));
}
