namespace Bio.ServiceDefaults;

/// <summary>The names the AppHost gives its resources and the services ask for. They are the contract.</summary>
public static class ResourceNames
{
    public const string Storage = "storage";
    public const string Orleans = "bio";
    public const string Silo = "silo";
    public const string Api = "api";
    public const string Web = "web";
    public const string AdminKey = "admin-key";

    /// <summary>The optional chat model's connection string.</summary>
    public const string Llm = "llm";

    /// <summary>The Orleans grain storage provider that holds user grain state.</summary>
    public const string UserStateStore = "users";
}
