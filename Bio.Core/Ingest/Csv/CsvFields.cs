using System.Collections;

namespace Bio.Core.Ingest.Csv;

/// <summary>
/// The fields of the current record. An unquoted field stays a slice of the reader's buffer until
/// someone asks for it as a string, so reading numbers (<see cref="Span"/>) allocates nothing. Valid
/// until the next <see cref="CsvReader.Read"/>.
/// </summary>
public sealed class CsvFields : IReadOnlyList<string>
{
    private readonly List<(int Start, int Length, string? Text)> items = [];
    private readonly List<string?> strings = [];
    private char[] buffer = [];

    public int Count => items.Count;

    public string this[int index]
    {
        get
        {
            if (strings[index] is { } s)
            {
                return s;
            }

            var (start, length, text) = items[index];
            return strings[index] = text ?? (length == 0 ? "" : new string(buffer, start, length));
        }
    }

    /// <summary>The field's characters without making a string.</summary>
    public ReadOnlySpan<char> Span(int index)
    {
        var (start, length, text) = items[index];
        return text is not null ? text.AsSpan() : buffer.AsSpan(start, length);
    }

    public int Length(int index) => items[index].Text?.Length ?? items[index].Length;

    internal void Clear(char[] current)
    {
        buffer = current;
        items.Clear();
        strings.Clear();
    }

    internal void Add(int start, int length)
    {
        items.Add((start, length, null));
        strings.Add(null);
    }

    internal void Add(string text)
    {
        items.Add((0, 0, text));
        strings.Add(text);
    }

    public IEnumerator<string> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
