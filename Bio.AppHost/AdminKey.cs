using System.Security.Cryptography;

namespace Bio.AppHost;

public static class AdminKeyExtensions
{
    /// <summary>
    /// The secret parameter <c>admin-key</c> (set it with <c>Parameters__admin-key</c> or user secrets).
    /// When unset on a local run, one is generated once, saved in the git-ignored local state folder and
    /// printed once to the console.
    /// </summary>
    public static IResourceBuilder<ParameterResource> AddAdminKey(this IDistributedApplicationBuilder builder, BioAppHostSettings settings)
    {
        const string name = "admin-key";
        if (string.IsNullOrEmpty(builder.Configuration[$"Parameters:{name}"]) && builder.ExecutionContext.IsRunMode)
        {
            var file = Path.Combine(settings.LocalStatePath, name);
            if (!File.Exists(file))
            {
                Directory.CreateDirectory(settings.LocalStatePath);
                var generated = "bioadmin_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
                File.WriteAllText(file, generated);
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }

                Console.WriteLine($"""

                    ==> Bio admin key generated (shown once): {generated}
                        Saved in {file}. Use it as 'Authorization: Bearer <key>' to create users.

                    """);
            }

            builder.Configuration[$"Parameters:{name}"] = File.ReadAllText(file).Trim();
        }

        return builder.AddParameter(name, secret: true);
    }
}
