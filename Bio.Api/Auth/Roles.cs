namespace Bio.Api.Auth;

public static class Roles
{
    public const string Admin = "admin";
    public const string User = "user";

    /// <summary>A write-only ingest token: it may push to its own person's ingest endpoint, nothing else.</summary>
    public const string Ingest = "ingest";
}

public static class Policies
{
    public const string Admin = "admin";
    public const string Authenticated = "authenticated";
}

public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>The admin key: the AppHost's secret parameter <c>admin-key</c>. Never in code.</summary>
    public string? AdminKey { get; set; }
}
