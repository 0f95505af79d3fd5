namespace Bio.Core.Ingest.Csv;

/// <summary>
/// A streaming CSV reader (RFC 4180 plus what real exports do): comma-separated, fields optionally in
/// double quotes with "" for a quote, quoted fields may hold commas and line breaks, LF or CRLF line
/// ends, a UTF-8 BOM is skipped. It never holds more than one record and a buffer in memory.
/// </summary>
public sealed class CsvReader : IDisposable
{
    private readonly TextReader reader;
    private readonly char[] buffer = new char[64 * 1024];
    private readonly List<string> fields = [];
    private readonly System.Text.StringBuilder field = new();
    private int length;
    private int position;
    private bool eof;
    private long line = 1;

    public CsvReader(TextReader reader) => this.reader = reader;

    /// <summary>The 1-based line on which the last record read starts.</summary>
    public long RecordLine { get; private set; }

    /// <summary>The fields of the last record read.</summary>
    public IReadOnlyList<string> Fields => fields;

    /// <summary>Reads the next record; false at the end of the input.</summary>
    public bool Read()
    {
        fields.Clear();
        field.Clear();
        if (!Fill())
        {
            return false;
        }

        if (line == 1 && position == 0 && length > 0 && buffer[0] == '\uFEFF')
        {
            position++;
        }

        RecordLine = line;
        var quoted = false;
        var wasQuoted = false;
        while (true)
        {
            if (!Fill())
            {
                fields.Add(field.ToString());
                return true;
            }

            var c = buffer[position++];
            if (quoted)
            {
                if (c == '"')
                {
                    if (!Fill())
                    {
                        quoted = false;
                        continue;
                    }

                    if (buffer[position] == '"')
                    {
                        field.Append('"');
                        position++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    wasQuoted = false;
                    break;
                case '"' when field.Length == 0 && !wasQuoted:
                    quoted = true;
                    wasQuoted = true;
                    break;
                case '\r':
                    if (Fill() && buffer[position] == '\n')
                    {
                        position++;
                    }

                    line++;
                    fields.Add(field.ToString());
                    return true;
                case '\n':
                    line++;
                    fields.Add(field.ToString());
                    return true;
                default:
                    field.Append(c);
                    break;
            }
        }
    }

    private bool Fill()
    {
        if (position < length)
        {
            return true;
        }

        if (eof)
        {
            return false;
        }

        length = reader.Read(buffer, 0, buffer.Length);
        position = 0;
        if (length == 0)
        {
            eof = true;
            return false;
        }

        return true;
    }

    public void Dispose() => reader.Dispose();
}
