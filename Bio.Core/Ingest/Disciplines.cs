namespace Bio.Core.Ingest;

/// <summary>One vocabulary of workout disciplines across sources ("Running", "running", "Outdoor Run").</summary>
public static class Disciplines
{
    // Exports repeat a handful of names thousands of times: remember the answers (bounded).
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Known = new(StringComparer.Ordinal);

    public static string Normalize(string? name)
    {
        var key = name ?? "";
        if (Known.TryGetValue(key, out var known))
        {
            return known;
        }

        var result = Compute(key);
        if (Known.Count < 4096)
        {
            Known[key] = result;
        }

        return result;
    }

    private static string Compute(string? name)
    {
        var n = (name ?? "").Trim().ToLowerInvariant().Replace('_', ' ').Replace('-', ' ');
        return n switch
        {
            "" or "activity" or "other" => "other",
            // Peloton's Bike and Tread Bootcamps are half on the floor: a discipline of their own there, not rides or runs.
            _ when n.Contains("bootcamp", StringComparison.Ordinal) => "cardio",
            _ when n.Contains("run", StringComparison.Ordinal) => "running",
            _ when n.Contains("cycl", StringComparison.Ordinal) || n.Contains("bik", StringComparison.Ordinal) || n.Contains("ride", StringComparison.Ordinal) || n.Contains("spin", StringComparison.Ordinal) => "cycling",
            _ when n.Contains("walk", StringComparison.Ordinal) || n.Contains("hik", StringComparison.Ordinal) || n.Contains("ruck", StringComparison.Ordinal) => "walking",
            _ when n.Contains("swim", StringComparison.Ordinal) => "swimming",
            _ when n.Contains("row", StringComparison.Ordinal) => "rowing",
            _ when n.Contains("strength", StringComparison.Ordinal) || n.Contains("weight", StringComparison.Ordinal) || n.Contains("functional", StringComparison.Ordinal) || n.Contains("crossfit", StringComparison.Ordinal) => "strength",
            _ when n.Contains("yoga", StringComparison.Ordinal) || n.Contains("stretch", StringComparison.Ordinal) || n.Contains("pilates", StringComparison.Ordinal) => "mobility",
            _ when n.Contains("meditat", StringComparison.Ordinal) || n.Contains("breath", StringComparison.Ordinal) => "mindfulness",
            _ when n.Contains("hiit", StringComparison.Ordinal) || n.Contains("cardio", StringComparison.Ordinal) || n.Contains("bootcamp", StringComparison.Ordinal) => "cardio",
            _ => n,
        };
    }
}
