using System.Text;

namespace SeedreamBatch.Core.Tests.Testing;

/// <summary>A real directory per test for catalog files, deleted afterwards.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "seedream-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>Writes <paramref name="text"/> as UTF-8 exactly (no newline translation), optionally with a BOM.</summary>
    public string Write(string name, string text, bool bom = false)
    {
        var path = System.IO.Path.Combine(Path, name);
        File.WriteAllText(path, text, new UTF8Encoding(bom));
        return path;
    }

    public string WriteBytes(string name, byte[] bytes)
    {
        var path = System.IO.Path.Combine(Path, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
