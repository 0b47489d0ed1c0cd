using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace SeedreamBatch.Core.Files;

/// <summary>
/// Opens a local input file so that neither a special file nor a huge one can stall or exhaust the process: a FIFO is
/// opened without blocking and refused, a device (<c>/dev/zero</c>) is refused, a file over its cap is refused from
/// its size before a byte is read, and reading stops at the size the file had when opened (a growing file is not an
/// endless stream).
/// </summary>
public static class LocalFile
{
    /// <summary>Opens <paramref name="path"/> (already resolved) for reading. Throws <see cref="FileProblemException"/>.</summary>
    public static Stream Open(string path, long cap, string what)
    {
        FileStream stream;
        try
        {
            stream = OperatingSystem.IsLinux() ? OpenNonBlocking(path) : new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FileProblemException($"cannot read {what}: {e.Message}");
        }

        try
        {
            if (!stream.CanSeek)
            {
                throw new FileProblemException($"{what} is not a regular file (a pipe, socket or terminal); give a file");
            }

            var length = stream.Length;
            if (length == 0 && stream.ReadByte() >= 0)
            {
                // A regular file of size 0 has nothing to read; a device says 0 and never ends.
                throw new FileProblemException($"{what} is a device, not a regular file; give a file");
            }

            if (length > cap)
            {
                throw new FileProblemException($"{what} is {Size(length)}, over its limit of {Size(cap)}");
            }

            stream.Position = 0;
            return new SnapshotStream(stream, length);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>The whole file, at most <paramref name="cap"/> bytes (see <see cref="Open(string, long, string)"/>).</summary>
    public static byte[] ReadAllBytes(string path, long cap, string what)
    {
        using var stream = Open(path, cap, what);
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>A text file's bytes as text, without a byte order mark; anything but UTF-8 is a <see cref="FileProblemException"/>.</summary>
    public static string DecodeUtf8(byte[] bytes, string what)
    {
        try
        {
            return new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes).TrimStart('\uFEFF');
        }
        catch (System.Text.DecoderFallbackException)
        {
            throw new FileProblemException($"{what} is not UTF-8 text");
        }
    }

    public static string Size(long bytes) => bytes switch
    {
        >= 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024 * 1024):0.#} GiB"),
        >= 1024L * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MiB"),
        >= 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes"),
    };

    /// <summary>open(2) with O_NONBLOCK: opening a FIFO with no writer would otherwise block forever.</summary>
    private static FileStream OpenNonBlocking(string path)
    {
        const int ReadOnlyNonBlockingCloseOnExec = 0x800 | 0x80000; // O_RDONLY | O_NONBLOCK | O_CLOEXEC (Linux)
        var fd = Open(path, ReadOnlyNonBlockingCloseOnExec);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException(Marshal.GetPInvokeErrorMessage(errno));
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            return new FileStream(handle, FileAccess.Read, 1);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);
}
