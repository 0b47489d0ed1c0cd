using SeedreamBatch.Core.Diagnostics;

namespace SeedreamBatch.Core.Rows;

/// <summary>Opening catalog files, with the errors a user can act on instead of raw I/O exceptions.</summary>
internal static class RowFile
{
    public static FileStream OpenStream(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw Error(SourceLocation.OfFile(path), $"row file '{path}' does not exist");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Error(SourceLocation.OfFile(path), $"cannot read row file '{path}': {ex.Message}");
        }
    }

    public static InputException Error(SourceLocation at, string message) => new(Diagnostic.Error(at, message));

    public static InputException NotUtf8(SourceLocation at) =>
        Error(at, "the file is not valid UTF-8 text (save it as UTF-8)");
}
