using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Bio.Tests.Infra;

/// <summary>
/// Enough of ARM's template language to read a compiled template as a deployment would, with given
/// parameter values: parameters, variables, concat, createArray, createObject, if, empty, not, equals,
/// format, string, max, union, json. Anything that needs Azure (reference, uniqueString, resourceId…)
/// stays as its own text in angle brackets, e.g. <c>⟨reference('storage').outputs.blobEndpoint.value⟩</c>.
/// </summary>
internal sealed class ArmScope(JsonObject template, IReadOnlyDictionary<string, JsonNode?> parameters, IReadOnlyDictionary<string, JsonNode?>? known = null)
{
    /// <summary>The same template with what Azure would answer for some symbols (e.g. a module's output).</summary>
    public ArmScope Knowing(IReadOnlyDictionary<string, JsonNode?> answers) => new(template, parameters, answers);

    private IReadOnlyDictionary<string, JsonNode?> Answers { get; } = known ?? new Dictionary<string, JsonNode?>();

    public JsonObject Template => template;

    /// <summary>Any JSON of the template with its expressions evaluated.</summary>
    public JsonNode? Evaluate(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) && text.StartsWith('[') && !text.StartsWith("[[", StringComparison.Ordinal) && text.EndsWith(']')
            => new Parser(text[1..^1], this).ParseAll(),
        JsonObject obj => EvaluateObject(obj),
        JsonArray array => new JsonArray(array.Select(Evaluate).ToArray()),
        _ => node?.DeepClone(),
    };

    private readonly Dictionary<string, int> copyIndex = [];

    /// <summary>An object's properties, with property loops (<c>"copy": [{ name, count, input }]</c>) expanded.</summary>
    private JsonObject EvaluateObject(JsonObject obj)
    {
        var result = new JsonObject();
        foreach (var (key, value) in obj)
        {
            if (key == "copy" && value is JsonArray loops)
            {
                foreach (var loop in loops.OfType<JsonObject>())
                {
                    var name = (string)loop["name"]!;
                    var items = new JsonArray();
                    for (var i = 0; i < Evaluate(loop["count"])!.GetValue<long>(); i++)
                    {
                        copyIndex[name] = i;
                        items.Add(Evaluate(loop["input"]));
                    }

                    copyIndex.Remove(name);
                    result[name] = items;
                }
            }
            else
            {
                result[Text(Evaluate(JsonValue.Create(key)))] = Evaluate(value);
            }
        }

        return result;
    }

    public JsonNode? Parameter(string name) =>
        parameters.TryGetValue(name, out var value) ? value?.DeepClone()
        : template["parameters"]?[name]?["defaultValue"] is { } fallback ? Evaluate(fallback)
        : Symbol($"parameters('{name}')");

    public JsonNode? Variable(string name) => Evaluate(template["variables"]?[name]);

    public static JsonValue Symbol(string text) => JsonValue.Create($"⟨{text}⟩");

    public static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonValue value when value.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(),
    };

    private sealed class Parser(string text, ArmScope scope)
    {
        private int at;

        public JsonNode? ParseAll()
        {
            var value = Expression();
            Skip();
            return at == text.Length ? value : throw new FormatException($"Unexpected '{text[at..]}' in [{text}].");
        }

        private JsonNode? Expression()
        {
            Skip();
            var start = at;
            JsonNode? value;
            if (text[at] == '\'')
            {
                value = JsonValue.Create(StringLiteral());
            }
            else if (char.IsDigit(text[at]) || text[at] == '-')
            {
                while (at < text.Length && (char.IsDigit(text[at]) || text[at] == '-'))
                {
                    at++;
                }

                value = JsonValue.Create(long.Parse(text[start..at], CultureInfo.InvariantCulture));
            }
            else
            {
                var name = Identifier();
                Skip();
                if (name is "true" or "false" or "null" && (at == text.Length || text[at] != '('))
                {
                    value = name == "null" ? null : JsonValue.Create(name == "true");
                }
                else
                {
                    Expect('(');
                    value = Call(name, start);
                }
            }

            // Property and index access: on a value, read it; on a symbol, keep the text.
            while (true)
            {
                Skip();
                if (at < text.Length && text[at] == '.')
                {
                    at++;
                    var property = Identifier();
                    value = value is JsonObject obj ? obj[property]?.DeepClone() : Symbol(Unwrap(value) + "." + property);
                }
                else if (at < text.Length && text[at] == '[')
                {
                    at++;
                    var index = Expression();
                    Skip();
                    Expect(']');
                    value = (value, index) switch
                    {
                        (JsonArray array, JsonValue i) when i.TryGetValue<long>(out var n) => array[(int)n]?.DeepClone(),
                        (JsonObject obj, JsonValue key) when key.TryGetValue<string>(out var k) => obj[k]?.DeepClone(),
                        _ => Symbol($"{Unwrap(value)}[{Text(index)}]"),
                    };
                }
                else
                {
                    return IsSymbol(value) && scope.Answers.TryGetValue(Unwrap(value), out var answer) ? answer?.DeepClone() : value;
                }
            }
        }

        private JsonNode? Call(string name, int start)
        {
            if (name == "if")
            {
                // Lazy, as in ARM: only the branch taken is evaluated (the other may read what does not exist).
                var condition = Expression();
                Skip();
                Expect(',');
                if (condition is JsonValue c && c.TryGetValue<bool>(out var taken))
                {
                    var yes = taken ? Expression() : SkipArgument();
                    Skip();
                    Expect(',');
                    var no = taken ? SkipArgument() : Expression();
                    Skip();
                    Expect(')');
                    return taken ? yes : no;
                }

                SkipRest();
                return Symbol(text[start..at]);
            }

            var args = new List<JsonNode?>();
            Skip();
            while (text[at] != ')')
            {
                args.Add(Expression());
                Skip();
                if (text[at] == ',')
                {
                    at++;
                }
            }

            at++;
            return name switch
            {
                "parameters" => scope.Parameter(Text(args[0])),
                "copyIndex" => JsonValue.Create((long)scope.copyIndex[Text(args[0])]),
                "length" when args[0] is JsonArray counted => JsonValue.Create((long)counted.Count),
                "variables" => scope.Variable(Text(args[0])),
                "createArray" => new JsonArray(args.Select(a => a?.DeepClone()).ToArray()),
                "createObject" => new JsonObject(args.Chunk(2).Select(p => KeyValuePair.Create(Text(p[0]), p[1]?.DeepClone()))),
                "concat" when args.All(a => a is JsonArray) => new JsonArray(args.SelectMany(a => a!.AsArray().Select(x => x?.DeepClone())).ToArray()),
                "concat" => JsonValue.Create(string.Concat(args.Select(Text))),
                "union" when args.All(a => a is JsonObject) => Union(args.Cast<JsonObject>()),
                "empty" => JsonValue.Create(args[0] switch
                {
                    null => true,
                    JsonArray a => a.Count == 0,
                    JsonObject o => o.Count == 0,
                    var v when IsSymbol(v) => throw new InvalidOperationException($"empty() of {Text(v)} cannot be known here."),
                    var v => Text(v).Length == 0,
                }),
                "not" when args[0] is JsonValue b && b.TryGetValue<bool>(out var flag) => JsonValue.Create(!flag),
                "equals" when !args.Any(IsSymbol) => JsonValue.Create(JsonNode.DeepEquals(args[0], args[1])),
                "format" => JsonValue.Create(string.Format(CultureInfo.InvariantCulture, Text(args[0]), args.Skip(1).Select(a => (object)Text(a)).ToArray())),
                "string" => JsonValue.Create(Text(args[0])),
                "json" => JsonNode.Parse(Text(args[0])),
                "max" when args.All(a => a is JsonValue v && v.TryGetValue<long>(out _)) => JsonValue.Create(args.Max(a => a!.GetValue<long>())),
                _ => Symbol(text[start..at]),
            };
        }

        private static JsonObject Union(IEnumerable<JsonObject> objects)
        {
            var result = new JsonObject();
            foreach (var (key, value) in objects.SelectMany(o => o))
            {
                result[key] = value?.DeepClone();
            }

            return result;
        }

        private static bool IsSymbol(JsonNode? node) => Text(node).StartsWith('⟨');

        private static string Unwrap(JsonNode? node) => Text(node).Trim('⟨', '⟩');

        private JsonNode? SkipArgument()
        {
            var depth = 0;
            var inString = false;
            for (; at < text.Length; at++)
            {
                var ch = text[at];
                if (inString)
                {
                    inString = ch != '\'' || (at + 1 < text.Length && text[at + 1] == '\'' && ++at > 0);
                }
                else if (ch == '\'')
                {
                    inString = true;
                }
                else if (ch is '(' or '[')
                {
                    depth++;
                }
                else if (ch is ')' or ']' && depth-- == 0)
                {
                    return null;
                }
                else if (ch == ',' && depth == 0)
                {
                    return null;
                }
            }

            return null;
        }

        private void SkipRest()
        {
            while (text[at] != ')')
            {
                SkipArgument();
                if (text[at] == ',')
                {
                    at++;
                }
            }

            at++;
        }

        private string StringLiteral()
        {
            var sb = new StringBuilder();
            at++;
            while (true)
            {
                if (text[at] == '\'')
                {
                    if (at + 1 < text.Length && text[at + 1] == '\'')
                    {
                        sb.Append('\'');
                        at += 2;
                        continue;
                    }

                    at++;
                    return sb.ToString();
                }

                sb.Append(text[at++]);
            }
        }

        private string Identifier()
        {
            var start = at;
            while (at < text.Length && (char.IsLetterOrDigit(text[at]) || text[at] == '_'))
            {
                at++;
            }

            return start == at ? throw new FormatException($"A name was expected at {at} in [{text}].") : text[start..at];
        }

        private void Expect(char ch)
        {
            if (at >= text.Length || text[at] != ch)
            {
                throw new FormatException($"'{ch}' was expected at {at} in [{text}].");
            }

            at++;
        }

        private void Skip()
        {
            while (at < text.Length && text[at] == ' ')
            {
                at++;
            }
        }
    }
}
