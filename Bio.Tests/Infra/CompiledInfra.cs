using System.Text.Json.Nodes;

namespace Bio.Tests.Infra;

/// <summary>
/// infra/ built once per test run with the pinned Bicep CLI (every .bicep file, to a temporary folder),
/// and the compiled ARM JSON of main.bicep read back for the tests that check what it deploys.
/// </summary>
internal sealed class CompiledInfra
{
    private static readonly Lazy<Task<CompiledInfra>> Once = new(BuildAsync);

    public static Task<CompiledInfra> Instance => Once.Value;

    public static string Root { get; } = FindRoot();

    public static string InfraDirectory => Path.Combine(Root, "infra");

    public required BicepRun Build { get; init; }

    public required BicepRun Lint { get; init; }

    /// <summary>main.json: the subscription-level template with its modules nested.</summary>
    public required JsonObject Main { get; init; }

    public static IReadOnlyList<string> BicepFiles() => Directory
        .EnumerateFiles(InfraDirectory, "*.bicep", SearchOption.AllDirectories)
        .Select(f => Path.GetRelativePath(Root, f))
        .Order(StringComparer.Ordinal)
        .ToList();

    private static async Task<CompiledInfra> BuildAsync()
    {
        var output = Directory.CreateTempSubdirectory("bio-infra-").FullName;
        var build = await BicepCli.RunAsync(Root, "build", "--pattern", "infra/**/*.bicep", "--outdir", output);
        var lint = await BicepCli.RunAsync(Root, "lint", "--pattern", "infra/**/*.bicep");
        var main = Path.Combine(output, "main.json");
        var json = File.Exists(main) ? JsonNode.Parse(await File.ReadAllTextAsync(main))!.AsObject() : [];
        return new CompiledInfra { Build = build, Lint = lint, Main = json };
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "azure.yaml")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("azure.yaml not found above the test binaries.");
    }
}
