using System.Diagnostics;
using System.Text.RegularExpressions;
using Bio.Tools;

[assembly: AssemblyFixture(typeof(Bio.Tests.Infrastructure.AzuriteFixture))]

namespace Bio.Tests.Infrastructure;

/// <summary>
/// One real Azurite for the whole test run: installed from tools/azurite (npm ci) when missing,
/// started on free loopback ports with a random account key, in-memory, and stopped after.
/// </summary>
public sealed partial class AzuriteFixture : IAsyncLifetime
{
    private const string Account = "biotest";
    private Process? process;

    public string ConnectionString { get; private set; } = "";

    public Uri BlobEndpoint { get; private set; } = null!;

    public Uri TableEndpoint { get; private set; } = null!;

    private string accountKey = "";

    /// <summary>The connection string for the same account reached at other endpoints (a proxy in front of this Azurite).</summary>
    public string ConnectionStringVia(Uri blob, Uri table) => AzuriteTool.ConnectionString(Account, accountKey, blob, table);

    public async ValueTask InitializeAsync()
    {
        var key = AzuriteTool.NewAccountKey();
        (process, var blob, var table) = await StartAsync(AzuriteTool.AccountsVariable(Account, key), []);
        ConnectionString = AzuriteTool.ConnectionString(Account, key, blob, table);
        (BlobEndpoint, TableEndpoint, accountKey) = (blob, table, key);
    }

    /// <summary>
    /// Starts an in-memory Azurite on free loopback ports with these extra arguments (HTTPS and OAuth for
    /// <c>AzuriteOAuthTests</c>) and the accounts given (none: the emulator's own), and waits until it listens.
    /// </summary>
    internal static async Task<(Process Process, Uri Blob, Uri Table)> StartAsync(string? accounts, IEnumerable<string> extraArguments)
    {
        var toolDirectory = AzuriteTool.FindToolDirectory(AppContext.BaseDirectory);
        var script = AzuriteTool.EnsureInstalled(toolDirectory);

        var arguments = AzuriteTool.Arguments(script, dataDirectory: null, "0", "0", "0");
        arguments.AddRange(extraArguments);
        var psi = new ProcessStartInfo("node")
        {
            WorkingDirectory = toolDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // The emulator's ten-minute blob collector stalls it; a suite that runs past ten minutes timed out in it.
        AzuriteTool.PutOffCollector(toolDirectory, script, arguments, psi.Environment);
        foreach (var argument in arguments)
        {
            psi.ArgumentList.Add(argument);
        }

        if (accounts is not null)
        {
            psi.Environment["AZURITE_ACCOUNTS"] = accounts;
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException("node could not be started.");
        Uri? blob = null, table = null;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while ((blob is null || table is null) && await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            var match = Listening().Match(line);
            if (match.Success)
            {
                var uri = new Uri(match.Groups["url"].Value);
                if (match.Groups["service"].Value == "Blob") blob = uri;
                if (match.Groups["service"].Value == "Table") table = uri;
            }
        }

        if (blob is null || table is null)
        {
            var error = await process.StandardError.ReadToEndAsync();
            throw new InvalidOperationException($"Azurite did not start: {error}");
        }

        _ = DrainAsync(process.StandardOutput);
        _ = DrainAsync(process.StandardError);
        return (process, blob, table);
    }

    public ValueTask DisposeAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }

        process?.Dispose();
        return ValueTask.CompletedTask;
    }

    private static async Task DrainAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is not null)
        {
        }
    }

    [GeneratedRegex(@"Azurite (?<service>Blob|Queue|Table) service is successfully listening at (?<url>https?://\S+)")]
    private static partial Regex Listening();
}
