namespace Bio.Tests.Infra;

/// <summary>
/// infra/ builds and lints with the pinned Bicep CLI with no diagnostic at all: no error, no warning, no
/// info. azd compiles the same files when it provisions.
/// </summary>
public sealed class BicepTests
{
    private static readonly string[] SecretRules =
        ["outputs-should-not-contain-secrets", "secure-parameter-default", "secure-secrets-in-params", "use-secure-value-for-secure-inputs"];

    [Fact]
    public async Task EveryBicepFileBuildsWithoutADiagnostic()
    {
        BicepCli.SkipUnlessItRunsHere();
        var infra = await CompiledInfra.Instance;

        Assert.Equal(0, infra.Build.ExitCode);
        Assert.Empty(infra.Build.Diagnostics);
        Assert.NotEmpty(infra.Main);
    }

    [Fact]
    public async Task EveryBicepFileLintsWithoutADiagnostic()
    {
        BicepCli.SkipUnlessItRunsHere();
        var infra = await CompiledInfra.Instance;

        Assert.Equal(0, infra.Lint.ExitCode);
        Assert.Empty(infra.Lint.Diagnostics);
    }

    [Fact]
    public void TheBuildCoversMainAndEveryModule()
    {
        var files = CompiledInfra.BicepFiles();

        Assert.Contains(Path.Combine("infra", "main.bicep"), files);
        Assert.Contains(Path.Combine("infra", "modules", "container-app.bicep"), files);
        Assert.True(files.Count >= 8, string.Join(", ", files));
    }

    /// <summary>
    /// infra/bicepconfig.json makes a leaked secret an error (azd's own build of infra/ fails on it too), and
    /// keeps off the one rule that reads the machine's date (API versions "older than 730 days"), so the
    /// lint test passes or fails the same on any day.
    /// </summary>
    [Fact]
    public void TheLinterTreatsSecretLeaksAsErrorsAndNeverReadsTheClock()
    {
        var rules = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(CompiledInfra.InfraDirectory, "bicepconfig.json")))!["analyzers"]!["core"]!["rules"]!;

        foreach (var rule in SecretRules)
        {
            Assert.Equal("error", (string?)rules[rule]!["level"]);
        }

        Assert.Equal("off", (string?)rules["use-recent-api-versions"]!["level"]);
    }

    /// <summary>The lint run would catch a secret in an output: the check can fail.</summary>
    [Fact]
    public async Task TheLinterReportsASecretInAnOutput()
    {
        BicepCli.SkipUnlessItRunsHere();
        var folder = Directory.CreateTempSubdirectory("bio-bicep-").FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "leak.bicep"), """
            @secure()
            param adminKey string
            output key string = adminKey
            """, TestContext.Current.CancellationToken);

        var lint = await BicepCli.RunAsync(folder, "lint", "leak.bicep");

        Assert.Contains(lint.Diagnostics, d => d.Contains("outputs-should-not-contain-secrets", StringComparison.Ordinal));
    }
}
