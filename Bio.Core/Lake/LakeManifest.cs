namespace Bio.Core.Lake;

/// <summary>
/// One complete version of a person's lake. Written last, after every table of the version: a reader
/// that finds the manifest finds every file it names, and a version without one does not exist.
/// <see cref="SourceImports"/> are the imports this version added to the one before it (one file, a sync's
/// pages, a restore): the chain of versions is the whole lineage, so a manifest stays the same size
/// however many imports came before.
/// </summary>
[GenerateSerializer, Immutable, Alias("bio.LakeManifest")]
public sealed record LakeManifest(
    [property: Id(0)] int Version,
    [property: Id(1)] DateTimeOffset WrittenAt,
    [property: Id(2)] DateOnly? Watermark,
    [property: Id(3)] IReadOnlyList<LakeFile> Tables,
    [property: Id(4)] IReadOnlyList<string> SourceImports);

/// <summary>One table's file in a version: its layer, name, blob path, rows, schema hash and content hash.</summary>
[GenerateSerializer, Immutable, Alias("bio.LakeTable")]
public sealed record LakeFile(
    [property: Id(0)] string Layer,
    [property: Id(1)] string Name,
    [property: Id(2)] string Path,
    [property: Id(3)] long Rows,
    [property: Id(4)] string SchemaHash,
    [property: Id(5)] string Sha256);
