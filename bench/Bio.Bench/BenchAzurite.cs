using System.Diagnostics;
using System.Text.RegularExpressions;
using Bio.Tools;

namespace Bio.Bench;

/// <summary>The pinned Azurite, started for one benchmark on free loopback ports, in memory; killed on dispose.</summary>
internal sealed partial class BenchAzurite : IDisposable
{
    private readonly Process process;

    private BenchAzurite(Process process, string connectionString) => (this.process, ConnectionString) = (process, connectionString);

    public string ConnectionString { get; }

    public static async Task<BenchAzurite> StartAsync()
    {
        var tool = AzuriteTool.FindToolDirectory(AppContext.BaseDirectory);
        var script = AzuriteTool.EnsureInstalled(tool, Console.WriteLine);
        var key = AzuriteTool.NewAccountKey();
        var arguments = AzuriteTool.Arguments(script, null, "0", "0", "0");
        // Everything the bench stores is in the emulator's memory; Node's default heap limit (about 4 GiB)
        // made it stall in garbage collection past ~7,500 people with a month each, so it may take 12 GiB.
        // BIO_AZURITE_NODE_ARGS: more flags for Node itself (for example --prof to see where the emulator spends its time).
        arguments.Insert(0, "--max-old-space-size=12288");
        // The emulator's blob collector stalls it for minutes past a few hundred thousand blobs (see the
        // preload's comment); it is put off unless BIO_AZURITE_GC=on.
        var collectorOff = !string.Equals(Environment.GetEnvironmentVariable("BIO_AZURITE_GC"), "on", StringComparison.OrdinalIgnoreCase);
        if (Environment.GetEnvironmentVariable("BIO_AZURITE_NODE_ARGS") is { Length: > 0 } nodeArgs)
        {
            arguments.InsertRange(0, nodeArgs.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        }

        var psi = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        if (collectorOff)
        {
            AzuriteTool.PutOffCollector(tool, script, arguments, psi.Environment);
        }

        foreach (var argument in arguments)
        {
            psi.ArgumentList.Add(argument);
        }

        psi.Environment["AZURITE_ACCOUNTS"] = AzuriteTool.AccountsVariable("bench", key);
        var process = Process.Start(psi)!;
        Uri? blob = null, table = null;
        while ((blob is null || table is null) && await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (Listening().Match(line) is { Success: true } m)
            {
                if (m.Groups[1].Value == "Blob") blob = new Uri(m.Groups[2].Value);
                if (m.Groups[1].Value == "Table") table = new Uri(m.Groups[2].Value);
            }
        }

        return new BenchAzurite(process, AzuriteTool.ConnectionString("bench", key, blob!, table!));
    }

    public void Dispose()
    {
        process.Kill(entireProcessTree: true);
        process.Dispose();
    }

    [GeneratedRegex(@"Azurite (Blob|Queue|Table) service is successfully listening at (http://\S+)")]
    private static partial Regex Listening();
}
