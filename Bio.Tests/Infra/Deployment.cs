using System.Text.Json.Nodes;

namespace Bio.Tests.Infra;

/// <summary>
/// main.json read as a deployment with the given parameter values would read it: each module's arguments
/// evaluated in main, then each module's resources and outputs evaluated with those arguments. What only
/// Azure knows (names from uniqueString, references to deployed resources) stays as symbols.
/// </summary>
internal sealed class Deployment
{
    public Deployment(JsonObject main, IReadOnlyDictionary<string, JsonNode?> parameters)
    {
        Main = new ArmScope(main, parameters);
        // main is languageVersion 2.0: its resources are keyed by their symbolic names (the modules' names in main.bicep).
        Modules = main["resources"]!.AsObject()
            .Where(kv => (string?)kv.Value!["type"] == "Microsoft.Resources/deployments")
            .Select(kv =>
            {
                var r = kv.Value!;
                var arguments = Main.Evaluate(r["properties"]!["parameters"])!.AsObject()
                    .ToDictionary(kv => kv.Key, kv => kv.Value?["value"]?.DeepClone());
                var template = r["properties"]!["template"]!.AsObject();
                return new DeployedModule(kv.Key, new ArmScope(template, arguments), arguments);
            })
            .ToList();
    }

    public ArmScope Main { get; }

    public IReadOnlyList<DeployedModule> Modules { get; }

    public DeployedModule Module(string name) => Modules.Single(m => m.Name == name);

    /// <summary>The container apps by their azd service name (the module's <c>serviceName</c>).</summary>
    public IReadOnlyDictionary<string, DeployedModule> Apps => Modules
        .Where(m => m.Arguments.ContainsKey("serviceName"))
        .ToDictionary(m => ArmScope.Text(m.Arguments["serviceName"]));

    /// <summary>Parameter values a person would give azd: required ones set, the optional secrets as given.</summary>
    public static Dictionary<string, JsonNode?> Parameters(params (string Name, JsonNode? Value)[] overrides)
    {
        var values = new Dictionary<string, JsonNode?>
        {
            ["environmentName"] = "bio-test",
            ["location"] = "westeurope",
            ["principalId"] = "00000000-0000-0000-0000-0000000000aa",
            ["adminKey"] = "bioadmin_" + new string('a', 64),
        };
        foreach (var (name, value) in overrides)
        {
            // As read from a file: numbers as JSON numbers, whatever CLR type the caller wrote.
            values[name] = value is null ? null : JsonNode.Parse(value.ToJsonString());
        }

        return values;
    }
}

internal sealed record DeployedModule(string Name, ArmScope Scope, IReadOnlyDictionary<string, JsonNode?> Arguments)
{
    /// <summary>The module's resources of one type, evaluated (nested modules' own resources are not included).</summary>
    public IReadOnlyList<JsonObject> Resources(string type) => Arm.Resources(Scope.Template)
        .Where(r => (string?)r["type"] == type)
        .Select(r => Scope.Evaluate(r)!.AsObject())
        .ToList();

    public JsonObject Resource(string type) => Resources(type).Single();

    /// <summary>The container's environment variables by name: the value, or <c>secretRef:NAME</c>.</summary>
    public IReadOnlyDictionary<string, string> Env() => Arguments["env"]!.AsArray().OfType<JsonObject>().ToDictionary(
        e => (string)e["name"]!,
        e => e["secretRef"] is { } secret ? $"secretRef:{secret}" : ArmScope.Text(e["value"]));
}

internal static class Arm
{
    /// <summary>A template's resources, whether listed (languageVersion 1.0) or keyed by symbolic name (2.0).</summary>
    public static IEnumerable<JsonObject> Resources(JsonObject template) => template["resources"] switch
    {
        JsonArray list => list.OfType<JsonObject>(),
        JsonObject named => named.Select(kv => kv.Value).OfType<JsonObject>(),
        _ => [],
    };

    /// <summary>Every template in main.json: main and each module's, nested ones included.</summary>
    public static IEnumerable<JsonObject> Templates(JsonObject template) => Resources(template)
        .Select(r => r["properties"]?["template"]).OfType<JsonObject>()
        .SelectMany(Templates)
        .Prepend(template);
}
