namespace Bio.Api.Auth;

public static class Roles
{
    public const string Admin = "admin";
    public const string User = "user";
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
