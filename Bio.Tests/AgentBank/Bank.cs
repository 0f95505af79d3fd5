using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;

namespace Bio.Tests.AgentBank;

/// <summary>One question of the bank (<c>bank.jsonl</c>, written without Bio's code; see README.md beside it).</summary>
public sealed record BankQuestion(string Id, string Dataset, DateOnly Today, string Question, string Intent, BankExpect Expect, string Split);

/// <summary>How a question's answer is judged: a kind, and for most kinds a DuckDB query over the raw files.</summary>
public sealed record BankExpect(string Kind, string? Sql, string? Unit, double Tolerance, IReadOnlyList<string> Names, IReadOnlyList<string> Any);

public enum Verdict
{
    Right,
    Wrong,
    Refused,
}

/// <summary>What Bio answered, as the person sees it: the kind, the sentence and the rows behind it.</summary>
public sealed record BankAnswer(string Kind, string Text, IReadOnlyList<IReadOnlyList<JsonElement>> Rows);

public sealed record Judgement(Verdict Verdict, string Why);

/// <summary>
/// The bank and its judge. Expected answers come from the bank's own SQL run by DuckDB straight over the
/// raw export files, never through Bio's lake, SQL or plan.
/// </summary>
public static partial class Bank
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Directory => Path.Combine(RepoRoot, "Bio.Tests", "AgentBank");

    public static IReadOnlyList<BankQuestion> Load()
    {
        var list = new List<BankQuestion>();
        foreach (var line in File.ReadLines(Path.Combine(Directory, "bank.jsonl")))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var e = JsonDocument.Parse(line).RootElement;
            var x = e.GetProperty("expect");
            string? S(string name) => x.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            IReadOnlyList<string> L(string name) => x.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
                ? [.. v.EnumerateArray().Select(s => s.GetString()!)] : [];
            var tolerance = x.TryGetProperty("tolerance", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetDouble() : 0;
            list.Add(new BankQuestion(
                e.GetProperty("id").GetString()!, e.GetProperty("dataset").GetString()!,
                DateOnly.Parse(e.GetProperty("today").GetString()!, CultureInfo.InvariantCulture),
                e.GetProperty("question").GetString()!, e.GetProperty("intent").GetString()!,
                new BankExpect(S("kind")!, S("sql"), S("unit"), tolerance, L("names"), L("any")),
                e.GetProperty("split").GetString()!));
        }

        return list;
    }

    /// <summary>The files of a dataset as a person would upload them (a WHOOP zip instead of its loose CSVs).</summary>
    public static IReadOnlyList<string> Uploads(string dataset)
    {
        if (dataset.StartsWith("lifesnaps-", StringComparison.Ordinal))
        {
            return [Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "data", "lifesnaps-dev", $"person{dataset["lifesnaps-".Length..]}.csv"))];
        }

        var folder = Path.Combine(Directory, "exports", dataset);
        var files = System.IO.Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        var zips = files.Where(f => f.EndsWith(".zip", StringComparison.OrdinalIgnoreCase)).ToList();
        return zips.Count > 0 ? zips : files;
    }

    /// <summary>Runs an expectation's SQL over the raw files.</summary>
    public static List<object?[]> Expected(string sql, DuckDBConnection duck)
    {
        ArgumentNullException.ThrowIfNull(duck);
        var text = FilePlaceholder().Replace(sql, m => Path.Combine(RepoRoot, m.Groups[1].Value).Replace("'", "''", StringComparison.Ordinal));
        using var command = duck.CreateCommand();
        command.CommandText = text;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    public static Judgement Judge(BankQuestion q, IReadOnlyList<object?[]> expected, BankAnswer a)
    {
        ArgumentNullException.ThrowIfNull(q);
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(a);
        var answered = a.Kind == "answered";
        if (q.Expect.Kind == "refuse")
        {
            return answered
                ? new Judgement(Verdict.Wrong, "answered a question it should have refused")
                : new Judgement(Verdict.Right, q.Expect.Names.Any(n => a.Text.Contains(n, StringComparison.OrdinalIgnoreCase)) ? "refused, naming it" : "refused");
        }

        if (!answered)
        {
            return new Judgement(Verdict.Refused, a.Kind);
        }

        var text = a.Text;
        var rowText = string.Join(" ", a.Rows.Select(r => string.Join(" ", r.Select(Cell))));
        switch (q.Expect.Kind)
        {
            case "words":
                return q.Expect.Any.Any(w => text.Contains(w, StringComparison.OrdinalIgnoreCase))
                    ? new Judgement(Verdict.Right, "has the words")
                    : new Judgement(Verdict.Wrong, $"none of {string.Join("/", q.Expect.Any)}");
            case "number":
            {
                var numbers = Numbers(text, q.Expect.Unit);
                var missing = expected[0].Where(v => v is not null).Select(ToDouble)
                    .Where(v => !numbers.Any(n => Math.Abs(n - v) <= q.Expect.Tolerance + 1e-9)).ToList();
                return missing.Count == 0
                    ? new Judgement(Verdict.Right, "every number")
                    : new Judgement(Verdict.Wrong, $"missing {string.Join(", ", missing.Select(m => m.ToString("0.###", CultureInfo.InvariantCulture)))}");
            }

            case "date":
            {
                var day = ToDate(expected[0][0]);
                return DateForms(day).Any(f => text.Contains(f, StringComparison.OrdinalIgnoreCase) || rowText.Contains(f, StringComparison.OrdinalIgnoreCase))
                    ? new Judgement(Verdict.Right, "the date")
                    : new Judgement(Verdict.Wrong, $"missing the date {day:yyyy-MM-dd}");
            }

            case "rows":
            {
                var all = text + " \n " + rowText;
                var numbers = Numbers(all, q.Expect.Unit);
                foreach (var row in expected)
                {
                    var label = row[0] is DateOnly or DateTime ? null : Convert.ToString(row[0], CultureInfo.InvariantCulture);
                    var labelFound = row[0] is DateOnly or DateTime
                        ? DateForms(ToDate(row[0])).Any(f => all.Contains(f, StringComparison.OrdinalIgnoreCase))
                        : label is not null && all.Contains(label, StringComparison.OrdinalIgnoreCase);
                    if (!labelFound)
                    {
                        return new Judgement(Verdict.Wrong, $"missing the row '{label ?? ToDate(row[0]).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}'");
                    }

                    if (row.Length > 1 && row[^1] is { } v && !numbers.Any(n => Math.Abs(n - ToDouble(v)) <= q.Expect.Tolerance + 1e-9))
                    {
                        return new Judgement(Verdict.Wrong, $"missing the value {ToDouble(v).ToString("0.###", CultureInfo.InvariantCulture)} of '{label}'");
                    }
                }

                return new Judgement(Verdict.Right, "every row");
            }

            default:
                throw new InvalidOperationException($"{q.Id}: unknown kind {q.Expect.Kind}");
        }
    }

    /// <summary>
    /// The numbers a sentence states, dates set aside (an ISO date or "3 May" is not a count of 3);
    /// "7 h 27 min" is 7.45 for a question in hours and 447 for one in minutes; "12,000" is 12000.
    /// </summary>
    public static List<double> Numbers(string text, string? unit)
    {
        ArgumentNullException.ThrowIfNull(text);
        var found = new List<double>();
        var rest = IsoDate().Replace(text, " ");
        rest = DayMonth().Replace(rest, " ");
        foreach (Match m in HoursMinutes().Matches(rest))
        {
            var hours = double.Parse(m.Groups["h"].Value, CultureInfo.InvariantCulture) + double.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture) / 60;
            found.Add(unit == "minutes" ? hours * 60 : hours);
        }

        rest = HoursMinutes().Replace(rest, " ");
        foreach (Match m in Number().Matches(rest))
        {
            found.Add(double.Parse(m.Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture));
        }

        return found;
    }

    private static IEnumerable<string> DateForms(DateOnly d)
    {
        var c = CultureInfo.InvariantCulture;
        yield return d.ToString("yyyy-MM-dd", c);
        yield return d.ToString("MMMM d, yyyy", c);
        yield return d.ToString("MMM d, yyyy", c);
        yield return d.ToString("d MMMM yyyy", c);
        yield return d.ToString("d MMM yyyy", c);
        yield return d.ToString("ddd d MMM", c);
        yield return d.ToString("dddd d MMMM", c);
        yield return d.ToString("MMMM d", c) + " " + d.Year.ToString(c);
    }

    private static string Cell(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString()!,
        JsonValueKind.Number => e.GetDouble().ToString("R", CultureInfo.InvariantCulture),
        JsonValueKind.Null => "",
        _ => e.ToString(),
    };

    private static double ToDouble(object? v) => v switch
    {
        null => double.NaN,
        double d => d,
        float f => f,
        decimal m => (double)m,
        System.Numerics.BigInteger b => (double)b,
        _ => Convert.ToDouble(v, CultureInfo.InvariantCulture),
    };

    private static DateOnly ToDate(object? v) => v switch
    {
        DateOnly d => d,
        DateTime t => DateOnly.FromDateTime(t),
        string s => DateOnly.Parse(s, CultureInfo.InvariantCulture),
        _ => throw new InvalidOperationException($"not a date: {v}"),
    };

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Bio.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Bio.sln not found above the test binaries.");
    }

    [GeneratedRegex(@"\{file:([^}]+)\}")]
    private static partial Regex FilePlaceholder();

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}")]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*( \d{4})?\b|\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{1,2}(st|nd|rd|th)?(,? \d{4})?\b|\b(January|February|March|April|May|June|July|August|September|October|November|December) \d{4}\b")]
    private static partial Regex DayMonth();

    [GeneratedRegex(@"(?<h>\d+) ?h(ours?)? (?<m>\d+) ?m(in(utes?)?)?\b")]
    private static partial Regex HoursMinutes();

    [GeneratedRegex(@"-?\d{1,3}(,\d{3})+(\.\d+)?|-?\d+(\.\d+)?")]
    private static partial Regex Number();
}
