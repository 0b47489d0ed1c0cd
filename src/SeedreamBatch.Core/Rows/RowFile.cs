using SeedreamBatch.Core.Diagnostics;
using SeedreamBatch.Core.Files;

namespace SeedreamBatch.Core.Rows;

/// <summary>Opening catalog files, with the errors a user can act on instead of raw I/O exceptions.</summary>
internal static class RowFile
{
    /// <summary>A regular file within <see cref="InputLimits.CatalogBytes"/>, read up to the size it had when opened.</summary>
    public static Stream OpenStream(string path)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw Error(SourceLocation.OfFile(path), $"row file '{path}' does not exist");
        }

        try
        {
            return new BufferedStream(LocalFile.Open(path, InputLimits.CatalogBytes, "the catalog"), 1 << 16);
        }
        catch (FileProblemException ex)
        {
            throw Error(SourceLocation.OfFile(path), ex.Message);
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

    /// <summary>One record (CSV record, JSON Lines line, JSON row or string) over <see cref="InputLimits.RecordBytes"/>.</summary>
    public static InputException TooLong(SourceLocation at, string what) =>
        Error(at, $"{what} is longer than {LocalFile.Size(InputLimits.RecordBytes)}, the limit for one row of a catalog (a missing closing quote or line break?)");

    public static InputException NotUtf8(SourceLocation at) =>
        Error(at, "the file is not valid UTF-8 text (save it as UTF-8)");
}
