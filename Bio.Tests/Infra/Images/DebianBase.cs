using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bio.Tests.Infra.Images;

/// <summary>
/// A base image for Bio's self-contained services, built without Docker and without the network from the
/// Debian packages installed on this machine: the files each package installed (dpkg's own lists in
/// /var/lib/dpkg/info), as the SDK's <c>runtime-deps</c> base carries them (the C and C++ runtimes,
/// OpenSSL, ICU, zlib, time zones, the CA bundle), a non-root <c>app</c> user (uid 1654, as Microsoft's
/// .NET images) and <c>ASPNETCORE_HTTP_PORTS=8080</c>. One OCI layer, its config and manifest; the bytes
/// are the same for the same installed packages (file times are fixed), so the digest names the content.
/// </summary>
internal sealed class DebianBase
{
    /// <summary>The packages a self-contained .NET service needs on Debian 12 (Microsoft's runtime-deps list for Debian).</summary>
    public static readonly IReadOnlyList<string> Packages = ["libc6", "libgcc-s1", "libstdc++6", "libssl3", "libicu72", "zlib1g", "tzdata", "ca-certificates"];

    public const int AppUid = 1654;

    private static readonly DateTimeOffset Epoch = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // Documentation, manuals and translations: nothing a service reads.
    private static readonly string[] Skipped = ["/usr/share/doc/", "/usr/share/man/", "/usr/share/lintian/", "/usr/share/locale/", "/usr/share/info/", "/usr/share/bug/"];

    private DebianBase(byte[] layer, string diffId, byte[] config, byte[] manifest, int files)
    {
        Layer = layer;
        LayerDigest = Digest(layer);
        DiffId = diffId;
        Config = config;
        Manifest = manifest;
        Files = files;
    }

    /// <summary>The layer, a gzip-compressed tar.</summary>
    public byte[] Layer { get; }

    public string LayerDigest { get; }

    /// <summary>The digest of the uncompressed tar (the config's <c>rootfs.diff_ids</c>).</summary>
    public string DiffId { get; }

    public byte[] Config { get; }

    public byte[] Manifest { get; }

    public string ManifestDigest => Digest(Manifest);

    public int Files { get; }

    /// <summary>Every blob of the image by digest (for a registry to serve).</summary>
    public IReadOnlyDictionary<string, byte[]> Blobs => new Dictionary<string, byte[]>
    {
        [LayerDigest] = Layer,
        [Digest(Config)] = Config,
        [ManifestDigest] = Manifest,
    };

    public static string Digest(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Builds the base from this machine's installed packages; says which package is missing, if one is.</summary>
    public static DebianBase Build()
    {
        var files = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var package in Packages)
        {
            foreach (var path in File.ReadLines(PackageList(package)))
            {
                if (path.Length > 1 && !Skipped.Any(path.StartsWith) && (File.Exists(path) || IsLink(path)) && !Directory.Exists(path))
                {
                    files.Add(path);
                }
            }
        }

        // The CA bundle is made by update-ca-certificates, not listed by the package.
        files.Add("/etc/ssl/certs/ca-certificates.crt");

        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            var directories = new HashSet<string>(StringComparer.Ordinal);
            void Directory(string path, UnixFileMode mode = Mode755)
            {
                if (path.Length == 0 || !directories.Add(path))
                {
                    return;
                }

                Directory(Parent(path));
                writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, path + "/") { Mode = mode, ModificationTime = Epoch });
            }

            // Debian 12 merges /usr: /lib, /lib64, /bin and /sbin are links into /usr, here as on the host.
            foreach (var top in new[] { "bin", "sbin", "lib", "lib64" })
            {
                if (new FileInfo("/" + top).LinkTarget is { } target)
                {
                    writer.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, top) { LinkName = target, ModificationTime = Epoch });
                    directories.Add(top);
                }
            }

            var written = new HashSet<string>(StringComparer.Ordinal);
            foreach (var file in files)
            {
                var name = Resolved(file);
                if (!written.Add(name))
                {
                    continue;
                }

                Directory(Parent(name));
                var info = new FileInfo(file);
                if (info.LinkTarget is { } link)
                {
                    writer.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, name) { LinkName = link, ModificationTime = Epoch });
                }
                else
                {
                    using var data = info.OpenRead();
                    writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name)
                    {
                        Mode = info.UnixFileMode, ModificationTime = Epoch, DataStream = data,
                    });
                }
            }

            Text(writer, Directory, "etc/passwd", $"root:x:0:0:root:/root:/usr/sbin/nologin\napp:x:{AppUid}:{AppUid}:app:/home/app:/usr/sbin/nologin\n");
            Text(writer, Directory, "etc/group", $"root:x:0:\napp:x:{AppUid}:\n");
            Directory("tmp", (UnixFileMode)Convert.ToInt32("1777", 8));
            Directory("home");
            writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "home/app/") { Mode = Mode755, Uid = AppUid, Gid = AppUid, ModificationTime = Epoch });
            Directory("app");
        }

        var raw = tar.ToArray();
        using var gz = new MemoryStream();
        using (var zip = new GZipStream(gz, CompressionLevel.Fastest, leaveOpen: true))
        {
            zip.Write(raw);
        }

        var layer = gz.ToArray();
        var diffId = Digest(raw);
        var config = Json(new JsonObject
        {
            ["architecture"] = "amd64",
            ["os"] = "linux",
            ["config"] = new JsonObject
            {
                ["User"] = AppUid.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Env"] = new JsonArray(
                    "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                    $"APP_UID={AppUid}",
                    "ASPNETCORE_HTTP_PORTS=8080",
                    "DOTNET_RUNNING_IN_CONTAINER=true"),
                ["WorkingDir"] = "/",
            },
            ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray(diffId) },
            ["history"] = new JsonArray(new JsonObject { ["created_by"] = "Bio's tests: Debian packages " + string.Join(' ', Packages) }),
        });
        var manifest = Json(new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = OciRegistryMediaTypes.Manifest,
            ["config"] = new JsonObject { ["mediaType"] = OciRegistryMediaTypes.Config, ["digest"] = Digest(config), ["size"] = config.Length },
            ["layers"] = new JsonArray(new JsonObject { ["mediaType"] = OciRegistryMediaTypes.Layer, ["digest"] = Digest(layer), ["size"] = layer.Length }),
        });
        return new DebianBase(layer, diffId, config, manifest, files.Count);
    }

    private const UnixFileMode Mode755 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private static void Text(TarWriter writer, Action<string, UnixFileMode> directory, string name, string content)
    {
        directory(Parent(name), Mode755);
        writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name)
        {
            Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
            ModificationTime = Epoch,
            DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)),
        });
    }

    private static byte[] Json(JsonObject o) => Encoding.UTF8.GetBytes(o.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));

    private static string PackageList(string package)
    {
        foreach (var name in new[] { package, package + ":amd64" })
        {
            var list = $"/var/lib/dpkg/info/{name}.list";
            if (File.Exists(list))
            {
                return list;
            }
        }

        throw new FileNotFoundException($"The Debian package {package} is not installed here: the offline base image is built from the installed packages ({string.Join(", ", Packages)}).");
    }

    private static bool IsLink(string path) => new FileInfo(path).LinkTarget is not null;

    /// <summary>The path in the image, without its leading slash, with merged-/usr directory links followed (/lib/x → usr/lib/x).</summary>
    private static string Resolved(string path)
    {
        var parts = path.TrimStart('/').Split('/');
        if (parts.Length > 1 && new FileInfo("/" + parts[0]).LinkTarget is { } target)
        {
            parts[0] = target.TrimStart('/');
        }

        return string.Join('/', parts);
    }

    private static string Parent(string path) => path.LastIndexOf('/') is var i and > 0 ? path[..i] : "";
}

internal static class OciRegistryMediaTypes
{
    public const string Manifest = "application/vnd.oci.image.manifest.v1+json";
    public const string Config = "application/vnd.oci.image.config.v1+json";
    public const string Layer = "application/vnd.oci.image.layer.v1.tar+gzip";
}
