namespace Bio.Core.Ingest;

/// <summary>The file as a whole is not what its importer reads; the message is one sentence for people.</summary>
public sealed class ImportFormatException : Exception
{
    public ImportFormatException() { }

    public ImportFormatException(string message) : base(message) { }

    public ImportFormatException(string message, Exception inner) : base(message, inner) { }
}
