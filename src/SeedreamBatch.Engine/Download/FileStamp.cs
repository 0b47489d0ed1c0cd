using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace SeedreamBatch.Engine.Download;

/// <summary>
/// What the file system says about a file without reading it — size, modification and change times (nanoseconds), inode —
/// taken when the engine writes the file and recorded with its hash. A rerun trusts a file whose stamp is unchanged and
/// hashes every other one, as git's index and rsync's quick check do (bench/README.md, "Rerun").
/// </summary>
/// <remarks>
/// Any write changes the modification and change times; <c>touch -d</c> can set the modification time back, but not the
/// change time; a file replaced by another (a copy, a move over it) has another inode. So a changed file is never trusted,
/// with one limit shared with rsync and git: a write of the same size within the file system's timestamp granularity
/// (a few milliseconds) of the engine's own write. <c>run --verify</c> hashes every file whatever its stamp.
/// On Linux the stamp comes from <c>statx</c>; elsewhere from .NET's file information (size and modification time only).
/// </remarks>
public readonly record struct FileStamp(long Size, long ModifiedNs, long ChangedNs, long Inode)
{
    private static bool _statxMissing;

    // statx's answer, one per thread: a rerun stats every recorded file, and the buffer is only read within the call.
    [ThreadStatic]
    private static byte[]? _statxBuffer;

    /// <summary>The file's stamp now; null when it does not exist or cannot be read.</summary>
    public static FileStamp? Of(string path)
    {
        if (OperatingSystem.IsLinux() && !Volatile.Read(ref _statxMissing))
        {
            try
            {
                return LinuxStamp(path);
            }
            catch (EntryPointNotFoundException)
            {
                // A C library without statx (glibc before 2.28, some musl builds): the portable stamp from here on.
                Volatile.Write(ref _statxMissing, true);
            }
            catch (DllNotFoundException)
            {
                Volatile.Write(ref _statxMissing, true);
            }
        }

        var info = new FileInfo(path);
        return info.Exists ? new FileStamp(info.Length, info.LastWriteTimeUtc.Ticks * 100, 0, 0) : null;
    }

    private static FileStamp? LinuxStamp(string path)
    {
        // struct statx is the same on every Linux architecture (256 bytes); offsets from <linux/stat.h>.
        const int AtFdCwd = -100;
        const uint StatxBasicStats = 0x7ff;
        var buffer = _statxBuffer ??= new byte[256];
        if (Statx(AtFdCwd, path, 0, StatxBasicStats, buffer) != 0)
        {
            return null;
        }

        long Time(int at) => (BinaryPrimitives.ReadInt64LittleEndian(buffer.AsSpan(at)) * 1_000_000_000L) + BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(at + 8));
        return new FileStamp(
            Size: BinaryPrimitives.ReadInt64LittleEndian(buffer.AsSpan(40)),
            ModifiedNs: Time(112),
            ChangedNs: Time(96),
            Inode: BinaryPrimitives.ReadInt64LittleEndian(buffer.AsSpan(32)));
    }

    [DllImport("libc", EntryPoint = "statx")]
    private static extern int Statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, [Out] byte[] buffer);
}
