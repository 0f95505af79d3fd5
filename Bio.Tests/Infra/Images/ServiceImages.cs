using System.Diagnostics;
using System.Text;

namespace Bio.Tests.Infra.Images;

/// <summary>
/// The three services' images, built once per test run as azd builds them (<c>dotnet publish
/// -t:PublishContainer</c>, Release, linux-x64) but self-contained on the offline Debian base that a
/// loopback registry serves, into OCI tarballs. Build output goes to a temporary artifacts folder, so the
/// repository's own bin/ and obj/ are not touched while other tests run.
/// </summary>
internal sealed class ServiceImages
{
    public static readonly IReadOnlyList<string> Services = ["silo", "api", "web"];

    private static readonly Lazy<Task<ServiceImages>> Once = new(BuildAsync);

    public static Task<ServiceImages> Instance => Once.Value;

    public required DebianBase Base { get; init; }

    public required string BaseImage { get; init; }

    public required IReadOnlyList<string> RegistryRequests { get; init; }

    public required IReadOnlyDictionary<string, OciArchive> Images { get; init; }

    public required IReadOnlyDictionary<string, string> Logs { get; init; }

    public required string Folder { get; init; }

    /// <summary>The project of an azure.yaml service (silo → Bio.Silo).</summary>
    public static string Project(string service) => "Bio." + char.ToUpperInvariant(service[0]) + service[1..];

    private static async Task<ServiceImages> BuildAsync()
    {
        var folder = Directory.CreateTempSubdirectory("bio-images-").FullName;
        var debian = await Task.Run(DebianBase.Build);
        await using var registry = await LoopbackRegistry.StartAsync("bio/base", "debian12", debian);
        var images = new Dictionary<string, OciArchive>();
        var logs = new Dictionary<string, string>();
        foreach (var service in Services)
        {
            var archive = Path.Combine(folder, service + ".tar.gz");
            var (code, log) = await PublishAsync(service, registry, folder, archive);
            logs[service] = log;
            if (code != 0 || !File.Exists(archive))
            {
                throw new InvalidOperationException($"dotnet publish of {Project(service)} failed ({code}):\n{Tail(log)}");
            }

            images[service] = OciArchive.Read(archive);
        }

        return new ServiceImages
        {
            Base = debian,
            BaseImage = registry.Image,
            RegistryRequests = [.. registry.Requests],
            Images = images,
            Logs = logs,
            Folder = folder,
        };
    }

    private static async Task<(int Code, string Log)> PublishAsync(string service, LoopbackRegistry registry, string folder, string archive)
    {
        var psi = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            WorkingDirectory = CompiledInfra.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[]
        {
            "publish", Project(service), "-c", "Release", "-r", "linux-x64", "--self-contained", "--nologo",
            "--artifacts-path", Path.Combine(folder, "artifacts"), "-t:PublishContainer",
            $"-p:ContainerBaseImage={registry.Image}", $"-p:ContainerRepository=bio/{service}", "-p:ContainerImageTag=test",
            $"-p:ContainerArchiveOutputPath={archive}",
        })
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["DOTNET_CONTAINER_INSECURE_REGISTRIES"] = registry.Host;
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        // The test host's own MSBuild settings must not leak into the child build.
        foreach (var name in new[] { "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH" })
        {
            psi.Environment.Remove(name);
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException("dotnet could not be started.");
        var log = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        log.Append(await stdout).Append(await stderr);
        return (process.ExitCode, log.ToString());
    }

    private static string Tail(string log) => log.Length <= 4000 ? log : log[^4000..];
}
