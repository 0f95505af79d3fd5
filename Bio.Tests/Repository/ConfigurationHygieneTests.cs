using System.Text.RegularExpressions;

namespace Bio.Tests.Repository;

/// <summary>
/// Secrets, ports and machine paths live in configuration (appsettings, launch settings, Aspire
/// parameters), never in the services' code. This scans every C# file outside the tests.
/// </summary>
public sealed partial class ConfigurationHygieneTests
{
    private static readonly string Root = FindRoot();

    public static TheoryData<string> SourceFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Root, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Root, f))
            .Where(f => f.StartsWith("Bio.", StringComparison.Ordinal) || f.StartsWith("tools", StringComparison.Ordinal))
            .Where(f => !f.StartsWith("Bio.Tests", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                     && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                     && !f.Contains("node_modules", StringComparison.Ordinal)))
        {
            data.Add(file);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SourceFiles))]
    public void HoldsNoSecretPortOrMachinePath(string file)
    {
        var text = File.ReadAllText(Path.Combine(Root, file));
        Assert.DoesNotMatch(WellKnownEmulatorKey(), text);
        Assert.DoesNotMatch(DevelopmentStorage(), text);
        Assert.DoesNotMatch(AccountKeyLiteral(), text);
        Assert.DoesNotMatch(FixedLocalPort(), text);
        Assert.DoesNotMatch(MachinePath(), text);
    }

    [Fact]
    public void TheScanFindsTheServicesCode() =>
        Assert.Contains(SourceFiles(), row => row.Data.EndsWith("AppHost.cs", StringComparison.Ordinal));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Bio.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Bio.sln not found above the test binaries.");
    }

    // The Azurite/Storage emulator's published account key starts with this.
    [GeneratedRegex("Eby8vdM02xNOcqF")]
    private static partial Regex WellKnownEmulatorKey();

    [GeneratedRegex("UseDevelopmentStorage", RegexOptions.IgnoreCase)]
    private static partial Regex DevelopmentStorage();

    // An AccountKey= followed by a literal value rather than an interpolation hole.
    [GeneratedRegex(@"AccountKey=[A-Za-z0-9+/]{8}")]
    private static partial Regex AccountKeyLiteral();

    [GeneratedRegex(@"(localhost|127\.0\.0\.1):\d{2,5}")]
    private static partial Regex FixedLocalPort();

    [GeneratedRegex(@"(/work/|/home/|/root/|C:\\\\Users)")]
    private static partial Regex MachinePath();
}
