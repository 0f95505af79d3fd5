using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json.Nodes;

namespace Bio.Tests.Infra.Images;

/// <summary>
/// An OCI image layout in a tarball, as <c>dotnet publish -t:PublishContainer</c> writes it with
/// <c>ContainerArchiveOutputPath</c>: index.json, then the manifest, config and layers under blobs/sha256/.
/// </summary>
internal sealed class OciArchive
{
    private readonly Dictionary<string, byte[]> blobs;

    private OciArchive(string path, Dictionary<string, byte[]> blobs, JsonObject index)
    {
        Path = path;
        this.blobs = blobs;
        Index = index;
        var entry = index["manifests"]!.AsArray().Single()!.AsObject();
        Manifest = Json(entry["digest"]!.GetValue<string>());
        ConfigDigest = Manifest["config"]!["digest"]!.GetValue<string>();
        Config = Json(ConfigDigest);
        Layers = [.. Manifest["layers"]!.AsArray().Select(l => l!["digest"]!.GetValue<string>())];
    }

    public string Path { get; }

    public JsonObject Index { get; }

    public JsonObject Manifest { get; }

    public string ConfigDigest { get; }

    /// <summary>The image config (its <c>config</c> holds Entrypoint, User, Env, ExposedPorts).</summary>
    public JsonObject Config { get; }

    /// <summary>The layers' digests, base first.</summary>
    public IReadOnlyList<string> Layers { get; }

    public JsonObject Settings => Config["config"]!.AsObject();

    public IReadOnlyList<string> Entrypoint => [.. Settings[nameof(Entrypoint)]!.AsArray().Select(x => x!.GetValue<string>())];

    public IReadOnlyList<string> Env => Settings[nameof(Env)] is JsonArray env ? [.. env.Select(x => x!.GetValue<string>())] : [];

    public string? User => Settings[nameof(User)]?.GetValue<string>();

    public string WorkingDirectory => Settings["WorkingDir"]?.GetValue<string>() is { Length: > 0 } dir ? dir : "/";

    public IReadOnlyList<string> ExposedPorts => Settings[nameof(ExposedPorts)] is JsonObject ports ? [.. ports.Select(p => p.Key)] : [];

    public byte[] Blob(string digest) => blobs[digest];

    public static OciArchive Read(string path)
    {
        var blobs = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        JsonObject? index = null;
        // The SDK writes a plain tar whatever the file's name says; a gzip'd one reads too.
        using var file = File.OpenRead(path);
        var gzipped = file.ReadByte() == 0x1f && file.ReadByte() == 0x8b;
        file.Position = 0;
        using Stream tar = gzipped ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new TarReader(tar);
        while (reader.GetNextEntry() is { } entry)
        {
            if (entry.DataStream is null)
            {
                continue;
            }

            using var copy = new MemoryStream();
            entry.DataStream.CopyTo(copy);
            var name = entry.Name.TrimStart('.', '/');
            if (name == "index.json")
            {
                index = JsonNode.Parse(copy.ToArray())!.AsObject();
            }
            else if (name.StartsWith("blobs/sha256/", StringComparison.Ordinal))
            {
                blobs["sha256:" + name["blobs/sha256/".Length..]] = copy.ToArray();
            }
        }

        return new OciArchive(path, blobs, index ?? throw new InvalidDataException($"{path} has no index.json: not an OCI image layout."));
    }

    /// <summary>The names of the files in one layer (without a leading slash).</summary>
    public IReadOnlyList<string> LayerFiles(string digest)
    {
        using var gz = new GZipStream(new MemoryStream(blobs[digest]), CompressionMode.Decompress);
        using var reader = new TarReader(gz);
        var names = new List<string>();
        while (reader.GetNextEntry() is { } entry)
        {
            names.Add(entry.Name.TrimStart('.', '/'));
        }

        return names;
    }

    /// <summary>Unpacks the layers in order into <paramref name="root"/>, as a container runtime lays out the image's file system.</summary>
    public void Unpack(string root)
    {
        foreach (var digest in Layers)
        {
            // By hand, not TarFile.ExtractToDirectory: an image's links are absolute paths inside the image
            // (lib64/ld-linux-x86-64.so.2 -> /lib/...), which that API refuses as leaving the folder.
            using var gz = new GZipStream(new MemoryStream(blobs[digest]), CompressionMode.Decompress);
            using var reader = new TarReader(gz);
            while (reader.GetNextEntry() is { } entry)
            {
                var path = System.IO.Path.Combine(root, entry.Name.TrimStart('.', '/'));
                switch (entry.EntryType)
                {
                    case TarEntryType.Directory:
                        Directory.CreateDirectory(path);
                        break;
                    case TarEntryType.SymbolicLink:
                        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
                        if (File.Exists(path) || Directory.Exists(path) || new FileInfo(path).LinkTarget is not null)
                        {
                            File.Delete(path);
                        }

                        File.CreateSymbolicLink(path, entry.LinkName);
                        break;
                    case TarEntryType.RegularFile or TarEntryType.V7RegularFile:
                        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
                        entry.ExtractToFile(path, overwrite: true);
                        break;
                    default:
                        break;
                }
            }
        }
    }

    private JsonObject Json(string digest) => JsonNode.Parse(blobs[digest])!.AsObject();
}
