namespace Bio.Tests.Ingest;

/// <summary>Fixture files under Bio.Tests/Fixtures, written in the shapes FORMATS.md documents.</summary>
public static class Fixture
{
    public static string Path(string relative) =>
        System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", relative);

    public static FileStream Open(string relative) => File.OpenRead(Path(relative));
}
