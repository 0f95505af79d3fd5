using System.Diagnostics;
using System.Net;

namespace Bio.Bench;

/// <summary>
/// Bio.Api as its own process on a free loopback port, a client of the bench's silo as in production (the
/// bench builds it with itself: a project reference that is not linked). Killed on dispose.
/// </summary>
internal sealed class BenchApi : IDisposable
{
    private readonly Process process;

    private BenchApi(Process process, Uri address) => (this.process, Address) = (process, address);

    public Uri Address { get; }

    public static async Task<BenchApi> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var dll = ApiAssembly();

        var port = BenchCluster.FreePort();
        var address = new Uri($"http://127.0.0.1:{port}/");
        var psi = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in settings)
        {
            psi.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        psi.Environment["ASPNETCORE_URLS"] = address.ToString().TrimEnd('/');
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // BIO_BENCH_API_ENV: more environment for the API process, NAME=value;NAME=value (to try a setting).
        foreach (var pair in (Environment.GetEnvironmentVariable("BIO_BENCH_API_ENV") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            psi.Environment[pair[..pair.IndexOf('=', StringComparison.Ordinal)]] = pair[(pair.IndexOf('=', StringComparison.Ordinal) + 1)..];
        }

        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line && line.Contains("fail", StringComparison.Ordinal)) Console.Error.WriteLine($"[api] {line}"); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) Console.Error.WriteLine($"[api] {line}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        for (var i = 0; i < 240; i++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Bio.Api exited with {process.ExitCode} while starting.");
            }

            try
            {
                if ((await http.GetAsync(new Uri(Microsoft.Extensions.Hosting.Extensions.AlivePath, UriKind.Relative))).StatusCode == HttpStatusCode.OK)
                {
                    return new BenchApi(process, address);
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(250);
        }

        process.Kill(entireProcessTree: true);
        throw new TimeoutException("Bio.Api did not answer on /alive within a minute.");
    }

    /// <summary>The API process's working set, as the operating system counts it.</summary>
    public long WorkingSet
    {
        get
        {
            process.Refresh();
            return process.WorkingSet64;
        }
    }

    public void Dispose()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit(10_000);
        process.Dispose();
    }

    /// <summary>Bio.Api's own build output, of the bench's configuration (the bench's project reference builds it), or beside the bench.</summary>
    private static string ApiAssembly()
    {
        // Built into one output folder with the bench (dotnet build -o DIR): it is beside it.
        if (File.Exists(Path.Combine(AppContext.BaseDirectory, "Bio.Api.dll")) && File.Exists(Path.Combine(AppContext.BaseDirectory, "Bio.Api.runtimeconfig.json")))
        {
            return Path.Combine(AppContext.BaseDirectory, "Bio.Api.dll");
        }

        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Bio.sln")))
            {
                var dll = Path.Combine(dir.FullName, "Bio.Api", "bin", configuration, "net10.0", "Bio.Api.dll");
                return File.Exists(dll) ? dll : throw new FileNotFoundException($"Bio.Api is not built ({configuration}); build bench/Bio.Bench, which builds it.", dll);
            }
        }

        throw new DirectoryNotFoundException("The repository (Bio.sln) was not found above the bench.");
    }
}
