using System.Text;

namespace Bio.Core.Ingest.Csv;

/// <summary>
/// A streaming CSV reader (RFC 4180 plus what real exports do): comma-separated, fields optionally in
/// double quotes with "" for a quote, quoted fields may hold commas and line breaks, LF or CRLF line
/// ends, a UTF-8 BOM is skipped. It holds one record and a buffer in memory. Unquoted fields (nearly
/// all of them) are cut straight out of the buffer with a vectorized search for the next delimiter.
/// </summary>
public sealed class CsvReader : IDisposable
{
    private readonly TextReader reader;
    private readonly CsvFields fields = new();
    private readonly StringBuilder quoted = new();
    private char[] buffer = new char[64 * 1024];
    private int start;
    private int end;
    private bool eof;
    private bool first = true;
    private long line = 1;

    public CsvReader(TextReader reader) => this.reader = reader;

    /// <summary>The 1-based line on which the last record read starts.</summary>
    public long RecordLine { get; private set; }

    /// <summary>The fields of the last record read (valid until the next <see cref="Read"/>).</summary>
    public CsvFields Fields => fields;

    /// <summary>Reads the next record; false at the end of the input.</summary>
    public bool Read()
    {
        while (true)
        {
            if (start == end && !Fill())
            {
                return false;
            }

            if (first)
            {
                first = false;
                if (buffer[start] == '\uFEFF')
                {
                    start++;
                    continue;
                }
            }

            var lines = line;
            if (TryParseRecord(out var consumed, out var newlines))
            {
                RecordLine = lines;
                start = consumed;
                line += newlines;
                return true;
            }

            // The record runs past the buffered data: read more and parse it again from its start.
            if (!Fill())
            {
                // Unreachable: at the end of input TryParseRecord always completes the record.
                throw new InvalidOperationException("CSV reader lost the end of the input.");
            }
        }
    }

    /// <summary>Parses one record from <see cref="start"/>; false when the buffer ends before it does.</summary>
    private bool TryParseRecord(out int consumed, out long newlines)
    {
        fields.Clear(buffer);
        newlines = 0;
        var pos = start;
        while (true)
        {
            if (pos < end && buffer[pos] == '"')
            {
                // Quoted field.
                quoted.Clear();
                var i = pos + 1;
                while (true)
                {
                    if (i >= end)
                    {
                        if (!eof)
                        {
                            consumed = 0;
                            return false;
                        }

                        break; // unterminated quote at the end of input: keep what there is
                    }

                    var c = buffer[i];
                    if (c == '"')
                    {
                        if (i + 1 >= end && !eof)
                        {
                            consumed = 0;
                            return false; // cannot tell "" from " yet
                        }

                        if (i + 1 < end && buffer[i + 1] == '"')
                        {
                            quoted.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    if (c == '\n')
                    {
                        newlines++;
                    }

                    quoted.Append(c);
                    i++;
                }

                // Anything between the closing quote and the next delimiter is kept literally.
                var rest = buffer.AsSpan(i, end - i).IndexOfAny(',', '\r', '\n');
                if (rest < 0 && !eof)
                {
                    consumed = 0;
                    return false;
                }

                var stop = rest < 0 ? end : i + rest;
                quoted.Append(buffer, i, stop - i);
                fields.Add(quoted.ToString());
                pos = stop;
            }
            else
            {
                var next = buffer.AsSpan(pos, end - pos).IndexOfAny(',', '\r', '\n');
                if (next < 0 && !eof)
                {
                    consumed = 0;
                    return false;
                }

                var stop = next < 0 ? end : pos + next;
                fields.Add(pos, stop - pos);
                pos = stop;
            }

            if (pos >= end)
            {
                consumed = end; // the last record, without a line break
                return true;
            }

            var delimiter = buffer[pos];
            if (delimiter == ',')
            {
                pos++;
                if (pos >= end && eof)
                {
                    fields.Add(end, 0);
                    consumed = end;
                    return true;
                }

                continue;
            }

            if (delimiter == '\r')
            {
                if (pos + 1 >= end && !eof)
                {
                    consumed = 0;
                    return false; // is it CRLF?
                }

                pos += pos + 1 < end && buffer[pos + 1] == '\n' ? 2 : 1;
            }
            else
            {
                pos++;
            }

            newlines++;
            consumed = pos;
            return true;
        }
    }

    /// <summary>Moves the unread part to the front, grows the buffer if it is full, and reads more.</summary>
    private bool Fill()
    {
        if (eof)
        {
            return false;
        }

        if (start > 0)
        {
            Array.Copy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }

        if (end == buffer.Length)
        {
            Array.Resize(ref buffer, buffer.Length * 2);
        }

        var n = reader.Read(buffer, end, buffer.Length - end);
        if (n == 0)
        {
            eof = true;
            return end > start;
        }

        end += n;
        return true;
    }

    public void Dispose() => reader.Dispose();
}
