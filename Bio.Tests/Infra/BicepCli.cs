using System.Diagnostics;
using System.Reflection;

namespace Bio.Tests.Infra;

/// <summary>
/// The Bicep CLI from its pinned NuGet package (Azure.Bicep.CommandLine.linux-x64, restored by
/// Bio.Tests.csproj, which records the binary's path in the assembly's metadata). It runs offline.
/// </summary>
internal static class BicepCli
{
    public static string ExecutablePath { get; } = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "BicepCli").Value!;

    /// <summary>The CLI in the package is for Linux x64 only; elsewhere the infra tests are skipped, saying so.</summary>
    public static void SkipUnlessItRunsHere() =>
        Assert.SkipUnless(OperatingSystem.IsLinux() && System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.X64,
            "The pinned Bicep CLI package is the linux-x64 build (as CI runs).");

    public static async Task<BicepRun> RunAsync(string workingDirectory, params string[] arguments)
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new FileNotFoundException($"The Bicep CLI is not at '{ExecutablePath}': restore Bio.Tests.", ExecutablePath);
        }

        // NuGet extracts it with the owner's execute bit at most; make sure it has it.
        if (!OperatingSystem.IsWindows() && File.GetUnixFileMode(ExecutablePath) is var mode && !mode.HasFlag(UnixFileMode.UserExecute))
        {
            File.SetUnixFileMode(ExecutablePath, mode | UnixFileMode.UserExecute);
        }

        var psi = new ProcessStartInfo(ExecutablePath)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            psi.ArgumentList.Add(argument);
        }

        // No telemetry, and no look-up of a newer version: the run is offline.
        psi.Environment["BICEP_TELEMETRY_ENABLED"] = "false";
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("bicep could not be started.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return new BicepRun(process.ExitCode, await stdout, await stderr);
    }
}

internal sealed record BicepRun(int ExitCode, string Output, string Errors)
{
    /// <summary>Every diagnostic the CLI printed (errors, warnings and infos, one a line).</summary>
    public IReadOnlyList<string> Diagnostics => (Output + "\n" + Errors)
        .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
