using System.Text;

namespace SeedreamBatch.Testing;

/// <summary>A fresh folder under the system temp folder for one test, deleted on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "seedream-tests", Guid.NewGuid().ToString("N"));

    /// <summary>A path inside the folder.</summary>
    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Writes <paramref name="text"/> as UTF-8 exactly (no newline translation), optionally with a BOM; returns the path.</summary>
    public string Write(string name, string text, bool bom = false)
    {
        var path = Combine(name);
        File.WriteAllText(path, text, new UTF8Encoding(bom));
        return path;
    }

    /// <summary>Writes <paramref name="bytes"/>; returns the path.</summary>
    public string WriteBytes(string name, byte[] bytes)
    {
        var path = Combine(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still open in a failed test must not hide that test's real failure.
        }
    }
}
