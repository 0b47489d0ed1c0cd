using System.Text;
using SeedreamBatch.Core.Diagnostics;

namespace SeedreamBatch.Core.Rows;

/// <summary>Opening catalog files, with the errors a user can act on instead of raw I/O exceptions.</summary>
internal static class RowFile
{
    /// <summary>Strict: a catalog saved in a legacy code page fails loudly rather than producing mojibake prompts.</summary>
    public static UTF8Encoding StrictUtf8 { get; } = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

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

    /// <summary>UTF-8 with or without a byte-order mark.</summary>
    public static StreamReader OpenText(string path) =>
        new(OpenStream(path), StrictUtf8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);

    public static InputException Error(SourceLocation at, string message) => new(Diagnostic.Error(at, message));

    public static InputException NotUtf8(SourceLocation at) =>
        Error(at, "the file is not valid UTF-8 text (save it as UTF-8)");
}
