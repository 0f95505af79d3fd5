using System.Diagnostics;

namespace Bio.Tools;

/// <summary>
/// Installs the pinned Azurite from this folder's package.json/package-lock.json (<c>npm ci</c> into a
/// git-ignored node_modules) and says how to start it. Shared by Bio.AppHost and Bio.Tests, so a fresh
/// clone needs nothing installed by hand beyond the .NET SDK and Node.js.
/// </summary>
internal static class AzuriteTool
{
    public const string Version = "3.37.0";

    /// <summary>Finds <c>tools/azurite</c> by walking up from <paramref name="start"/>.</summary>
    public static string FindToolDirectory(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tools", "azurite");
            if (File.Exists(Path.Combine(candidate, "package-lock.json")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"tools/azurite (with package-lock.json) was not found above '{start}'.");
    }

    /// <summary>The script node runs to start Azurite, after installing it when it is missing or another version.</summary>
    public static string EnsureInstalled(string toolDirectory, Action<string>? log = null)
    {
        var script = Path.Combine(toolDirectory, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (IsInstalled(toolDirectory))
        {
            return script;
        }

        // Several test processes or an AppHost may race here: one installs, the others wait for it.
        using var gate = AcquireLock(Path.Combine(toolDirectory, ".install.lock"), TimeSpan.FromMinutes(10));
        if (IsInstalled(toolDirectory))
        {
            return script;
        }

        log?.Invoke($"Installing Azurite {Version} with 'npm ci' in {toolDirectory} (first run only)...");
        var npm = OperatingSystem.IsWindows() ? "npm.cmd" : "npm";
        var psi = new ProcessStartInfo(npm, ["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        {
            WorkingDirectory = toolDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("npm could not be started. Is Node.js installed?");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("'npm ci' for Azurite did not finish within 10 minutes.");
        }

        if (process.ExitCode != 0 || !IsInstalled(toolDirectory))
        {
            throw new InvalidOperationException(
                $"'npm ci' for Azurite failed with exit code {process.ExitCode}: {stderr.Result}{stdout.Result}");
        }

        log?.Invoke($"Azurite {Version} installed.");
        return script;
    }

    /// <summary>
    /// Azurite's arguments: both services bound to 127.0.0.1, telemetry off, data under
    /// <paramref name="dataDirectory"/> (or in memory when null). A port of 0 lets Azurite choose.
    /// </summary>
    public static List<string> Arguments(string script, string? dataDirectory, string blobPort, string queuePort, string tablePort)
    {
        var args = new List<string>
        {
            script,
            "--blobHost", "127.0.0.1", "--blobPort", blobPort,
            "--queueHost", "127.0.0.1", "--queuePort", queuePort,
            "--tableHost", "127.0.0.1", "--tablePort", tablePort,
            "--disableTelemetry", "--skipApiVersionCheck", "--loose", "--silent",
        };
        if (dataDirectory is null)
        {
            args.Add("--inMemoryPersistence");
        }
        else
        {
            Directory.CreateDirectory(dataDirectory);
            args.AddRange(["--location", dataDirectory]);
        }

        return args;
    }

    /// <summary>The value of <c>AZURITE_ACCOUNTS</c> that makes Azurite accept this account and key.</summary>
    /// <summary>
    /// Puts off the emulator's blob extent collector (<c>blob-gc-off.cjs</c>, preloaded with <c>node --require</c>):
    /// every ten minutes it scans and sorts every blob without yielding, and the emulator stops answering for
    /// seconds to minutes meanwhile (a suite past ten minutes on a slow machine, or a load bench, times out in
    /// it). Azure Storage has no such pause; only the interval is changed. Adds the arguments and the variable it needs.
    /// </summary>
    public static void PutOffCollector(string toolDirectory, string script, List<string> arguments, IDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(environment);
        arguments.InsertRange(0, ["--require", Path.Combine(toolDirectory, "blob-gc-off.cjs")]);
        environment["BIO_AZURITE_DIST"] = Path.GetDirectoryName(script)!;
    }

    public static string AccountsVariable(string account, string key) => $"{account}:{key}";

    /// <summary>A connection string for an Azurite account on the given endpoints.</summary>
    public static string ConnectionString(string account, string key, Uri blobEndpoint, Uri tableEndpoint) =>
        $"DefaultEndpointsProtocol=http;AccountName={account};AccountKey={key};" +
        $"BlobEndpoint={blobEndpoint.ToString().TrimEnd('/')}/{account};TableEndpoint={tableEndpoint.ToString().TrimEnd('/')}/{account};";

    /// <summary>A fresh random account key (base64 of 64 random bytes), as Azure Storage keys are.</summary>
    public static string NewAccountKey() =>
        Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(64));

    private static bool IsInstalled(string toolDirectory)
    {
        var manifest = Path.Combine(toolDirectory, "node_modules", "azurite", "package.json");
        return File.Exists(manifest) && File.ReadAllText(manifest).Contains($"\"version\": \"{Version}\"", StringComparison.Ordinal);
    }

    private static FileStream AcquireLock(string path, TimeSpan timeout)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (waited.Elapsed < timeout)
            {
                Thread.Sleep(500);
            }
        }
    }
}
