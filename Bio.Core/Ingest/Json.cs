using System.Globalization;
using System.Text.Json;

namespace Bio.Core.Ingest;

/// <summary>Small helpers for reading API JSON leniently: missing, null or mistyped values are "absent".</summary>
public static class Json
{
    public static JsonElement? Get(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

    public static JsonElement? Path(this JsonElement e, params string[] names)
    {
        JsonElement? current = e;
        foreach (var name in names)
        {
            current = current?.Get(name);
            if (current is null)
            {
                return null;
            }
        }

        return current;
    }

    public static double? Number(this JsonElement? e) => e?.ValueKind switch
    {
        JsonValueKind.Number => e.Value.GetDouble(),
        JsonValueKind.String when double.TryParse(e.Value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };

    public static string? Text(this JsonElement? e) => e?.ValueKind == JsonValueKind.String ? e.Value.GetString() : null;

    public static bool? Bool(this JsonElement? e) => e?.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    public static bool Has(this JsonElement e, string name) => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out _);

    /// <summary>The items of an API page: <c>{"data":[…]}</c>, <c>{"records":[…]}</c>, <c>{"sleep":[…]}</c> or a bare array.</summary>
    public static (string Envelope, List<JsonElement> Items) Items(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Array)
        {
            return ("array", [.. root.EnumerateArray()]);
        }

        foreach (var envelope in new[] { "data", "records", "sleep" })
        {
            if (root.Get(envelope) is { ValueKind: JsonValueKind.Array } array)
            {
                return (envelope, [.. array.EnumerateArray()]);
            }
        }

        return ("", []);
    }
}
