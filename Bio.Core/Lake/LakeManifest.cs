namespace Bio.Core.Lake;

/// <summary>
/// One complete version of a person's lake. Written last, after every table of the version: a reader
/// that finds the manifest finds every file it names, and a version without one does not exist.
/// </summary>
public sealed record LakeManifest(
    int Version,
    DateTimeOffset WrittenAt,
    DateOnly? Watermark,
    IReadOnlyList<LakeTable> Tables,
    IReadOnlyList<string> SourceImports);

/// <summary>One table of a version: its layer, name, blob path, rows, schema hash and content hash.</summary>
public sealed record LakeTable(string Layer, string Name, string Path, long Rows, string SchemaHash, string Sha256);
