using Microsoft.Extensions.Configuration;

namespace Bio.AppHost;

/// <summary>
/// The AppHost's own settings (appsettings.json, environment, or the command line: <c>--silos 2</c>,
/// <c>--Bio:Ports:Api 5081</c>). A port of 0 means "any free port".
/// </summary>
/// <param name="ClusterId">
/// New for every run unless set: silos of an earlier run that did not leave cleanly stay in the
/// membership table, and joining their cluster would wait for them to be declared dead. Grain state and
/// reminders are keyed by the service id ("bio"), which never changes.
/// </param>
public sealed record BioAppHostSettings(int Silos, int? ApiPort, int? WebPort, string LocalStatePath, string AzuriteAccount, string ClusterId)
{
    public static BioAppHostSettings From(IDistributedApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var silos = config.GetValue<int?>("silos") ?? config.GetValue("Bio:Silos", 1);
        if (silos is < 1 or > 16)
        {
            throw new InvalidOperationException($"Bio:Silos must be between 1 and 16, not {silos}.");
        }

        var state = Required(config, "Bio:LocalStatePath");
        return new BioAppHostSettings(
            silos,
            Port(config, "Bio:Ports:Api"),
            Port(config, "Bio:Ports:Web"),
            Path.GetFullPath(Path.Combine(builder.AppHostDirectory, state)),
            Required(config, "Bio:Azurite:Account"),
            config["Bio:ClusterId"] ?? $"bio-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..6]}");
    }

    private static string Required(ConfigurationManager config, string key) =>
        config[key] is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"The AppHost setting '{key}' is missing (see Bio.AppHost/appsettings.json).");

    private static int? Port(ConfigurationManager config, string key) =>
        config.GetValue<int?>(key) is { } port and > 0 ? port : null;
}
