using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace Bio.Tests.Infra;

/// <summary>azure.yaml and infra/ agree: the services azd builds are the apps infra/ tags, and main.bicep gives azd what it reads.</summary>
public sealed class AzureYamlTests
{
    /// <summary>What azd reads after provisioning: the registry it pushes to, the environment, where it all is.</summary>
    private static readonly string[] AzdOutputs =
        ["AZURE_CONTAINER_REGISTRY_ENDPOINT", "AZURE_CONTAINER_ENVIRONMENT_NAME", "AZURE_LOCATION", "AZURE_TENANT_ID", "AZURE_RESOURCE_GROUP"];

    private static readonly string[] ContainerQuery =
        ["msbuild", "-nologo", "-t:ComputeContainerBaseImage", "-p:RuntimeIdentifier=linux-x64", "-getProperty:ContainerBaseImage", "-getProperty:EnableSdkContainerSupport"];

    private static YamlMappingNode AzureYaml()
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(Path.Combine(CompiledInfra.Root, "azure.yaml"));
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    private static YamlMappingNode Map(YamlNode node, string key) => (YamlMappingNode)((YamlMappingNode)node).Children[new YamlScalarNode(key)];

    private static string Scalar(YamlNode node, string key) => ((YamlScalarNode)((YamlMappingNode)node).Children[new YamlScalarNode(key)]).Value!;

    [Fact]
    public void EveryServiceIsABioWebProjectOnContainerApps()
    {
        var services = Map(AzureYaml(), "services");

        Assert.Equal(["api", "silo", "web"], services.Children.Keys.Select(k => ((YamlScalarNode)k).Value).Order());
        foreach (var (_, service) in services.Children)
        {
            Assert.Equal("dotnet", Scalar(service, "language"));
            Assert.Equal("containerapp", Scalar(service, "host"));
            var project = Path.GetFullPath(Path.Combine(CompiledInfra.Root, Scalar(service, "project")));
            var csproj = Assert.Single(Directory.GetFiles(project, "*.csproj"));
            // The web SDK turns on the .NET SDK's container support, which azd builds the image with.
            Assert.StartsWith("<Project Sdk=\"Microsoft.NET.Sdk.Web\">", File.ReadAllText(csproj), StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// azd builds each image with the SDK's container support (dotnet publish -t:PublishContainer): on the
    /// ASP.NET Core runtime image, whose apps listen on 8080, the port infra/ sends traffic and probes to.
    /// This asks MSBuild what it would build on, without building (the base image itself cannot be pulled here).
    /// </summary>
    [Fact]
    public async Task EachServiceImageIsBuiltByTheSdkOnTheAspNetRuntime()
    {
        foreach (var (_, service) in Map(AzureYaml(), "services").Children)
        {
            var project = Path.GetFullPath(Path.Combine(CompiledInfra.Root, Scalar(service, "project")));
            var psi = new System.Diagnostics.ProcessStartInfo("dotnet")
            {
                WorkingDirectory = project,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var argument in ContainerQuery)
            {
                psi.ArgumentList.Add(argument);
            }

            using var msbuild = System.Diagnostics.Process.Start(psi)!;
            var output = await msbuild.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            await msbuild.WaitForExitAsync(TestContext.Current.CancellationToken);

            Assert.True(msbuild.ExitCode == 0, output + await msbuild.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken));
            var properties = JsonNode.Parse(output)!["Properties"]!;
            Assert.Equal("true", (string?)properties["EnableSdkContainerSupport"]);
            Assert.Equal("mcr.microsoft.com/dotnet/aspnet:10.0", (string?)properties["ContainerBaseImage"]);
        }
    }

    [Fact]
    public async Task TheServicesAreTheAppsInfraTagsForAzd()
    {
        BicepCli.SkipUnlessItRunsHere();
        var infra = await CompiledInfra.Instance;
        var deployment = new Deployment(infra.Main, Deployment.Parameters());

        var services = Map(AzureYaml(), "services").Children.Keys.Select(k => ((YamlScalarNode)k).Value!).Order();
        Assert.Equal(services, deployment.Apps.Keys.Order());
    }

    [Fact]
    public async Task MainGivesAzdTheOutputsItReads()
    {
        BicepCli.SkipUnlessItRunsHere();
        var infra = await CompiledInfra.Instance;
        var yaml = AzureYaml();

        Assert.Equal("bicep", Scalar(Map(yaml, "infra"), "provider"));
        Assert.True(File.Exists(Path.Combine(CompiledInfra.Root, Scalar(Map(yaml, "infra"), "path"), Scalar(Map(yaml, "infra"), "module") + ".bicep")));
        Assert.Equal("subscriptionDeploymentTemplate.json#", infra.Main["$schema"]!.ToString().Split('/')[^1]);

        var outputs = infra.Main["outputs"]!.AsObject();
        foreach (var name in AzdOutputs)
        {
            Assert.True(outputs.ContainsKey(name), $"main.bicep has no output {name}.");
        }

        Assert.Equal("⟨reference('registry').outputs.loginServer.value⟩",
            ArmScope.Text(new ArmScope(infra.Main, Deployment.Parameters()).Evaluate(outputs["AZURE_CONTAINER_REGISTRY_ENDPOINT"]!["value"])));
    }

    [Fact]
    public async Task TheParametersFileFeedsMainFromAzdsEnvironment()
    {
        BicepCli.SkipUnlessItRunsHere();
        var infra = await CompiledInfra.Instance;
        var main = infra.Main["parameters"]!.AsObject();
        var file = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(CompiledInfra.InfraDirectory, "main.parameters.json"), TestContext.Current.CancellationToken))!["parameters"]!.AsObject();

        Assert.All(file, p => Assert.True(main.ContainsKey(p.Key), $"main.parameters.json sets '{p.Key}', which main.bicep does not have."));
        // Every parameter without a default comes from the file, except the secret azd prompts for (the admin key).
        var prompted = main.Where(p => p.Value!["defaultValue"] is null && !file.ContainsKey(p.Key)).Select(p => p.Key).ToList();
        Assert.Equal(["adminKey"], prompted);
        Assert.Equal("securestring", (string?)main["adminKey"]!["type"]);
        // azd says whether each service's app exists, so provisioning keeps the image it deployed.
        foreach (var service in Map(AzureYaml(), "services").Children.Keys.Select(k => ((YamlScalarNode)k).Value!))
        {
            Assert.Equal($"${{SERVICE_{service.ToUpperInvariant()}_RESOURCE_EXISTS=false}}", (string?)file[$"{service}Exists"]!["value"]);
        }
    }

    [Fact]
    public void UpProvisionsAgainAfterTheFirstDeploy()
    {
        var steps = (YamlSequenceNode)Map(Map(AzureYaml(), "workflows"), "up").Children[new YamlScalarNode("steps")];

        Assert.Equal(["provision", "deploy --all", "provision"], steps.Children.Select(s => Scalar(s, "azd")));
    }
}
