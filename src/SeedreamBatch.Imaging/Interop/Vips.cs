using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SeedreamBatch.Imaging.Interop;

/// <summary>One-time libvips initialisation, version detection and native memory counters.</summary>
public static class Vips
{
    /// <summary>Loaders allowed for untrusted input; everything else under <c>VipsForeignLoad</c> is blocked.</summary>
    internal static readonly string[] AllowedLoaderClasses =
    [
        "VipsForeignLoadJpeg", "VipsForeignLoadPng", "VipsForeignLoadWebp",
        "VipsForeignLoadHeif", "VipsForeignLoadNsgif", "VipsForeignLoadTiff",
    ];

    private static readonly Lock s_gate = new();
    private static volatile bool s_initialized;
    private static Version s_version = new(0, 0, 0);

    private static Action<string>? s_warning;

    /// <summary>The loaded libvips version (valid after initialisation).</summary>
    public static Version Version
    {
        get
        {
            EnsureInitialized();
            return s_version;
        }
    }

    /// <summary>
    /// True when savers take <c>keep</c> flags (8.15+); false when they take the older <c>strip</c> boolean (8.14).
    /// </summary>
    public static bool SaversUseKeep => Version >= new Version(8, 15);

    /// <summary>
    /// Loads and initialises libvips once per process; later calls are cheap and ignore
    /// <paramref name="settings"/>. Throws <see cref="LibvipsNotFoundException"/> (one line naming the
    /// install command) when the library is missing, <see cref="VipsException"/> when it is too old.
    /// </summary>
    public static void EnsureInitialized(VipsSettings? settings = null)
    {
        if (s_initialized)
        {
            return;
        }

        lock (s_gate)
        {
            if (s_initialized)
            {
                return;
            }

            Initialize(settings ?? VipsSettings.Default);
            s_initialized = true;
        }
    }

    private static void Initialize(VipsSettings settings)
    {
        NativeLibraries.Register();
        try
        {
            if (LibVips.vips_init("seedream-batch") != 0)
            {
                throw VipsException.FromErrorBuffer("libvips failed to initialise");
            }
        }
        catch (EntryPointNotFoundException ex)
        {
            throw new LibvipsNotFoundException(
                $"the installed libvips is not usable ({ex.Message}); install libvips 8.14+ with: {LibvipsNotFoundException.InstallCommand}", ex);
        }

        RedirectLogging();
        s_version = new Version(LibVips.vips_version(0), LibVips.vips_version(1), LibVips.vips_version(2));
        if (s_version < new Version(8, 13))
        {
            // vips_block_untrusted_set arrived in 8.13; without it untrusted input reaches ImageMagick and poppler.
            throw new VipsException($"libvips {s_version} is too old; 8.13+ is required (Debian 12: {LibvipsNotFoundException.InstallCommand})");
        }

        if (settings.BlockUntrustedLoaders)
        {
            LibVips.vips_block_untrusted_set(1);
            LibVips.vips_operation_block_set("VipsForeignLoad", 1);
            foreach (string loader in AllowedLoaderClasses)
            {
                LibVips.vips_operation_block_set(loader, 0);
            }
        }

        LibVips.vips_cache_set_max(settings.CacheMaxOperations);
        LibVips.vips_cache_set_max_mem((nuint)Math.Max(0, settings.CacheMaxMemoryBytes));
        LibVips.vips_cache_set_max_files(settings.CacheMaxFiles);
        if (settings.Concurrency is int concurrency)
        {
            LibVips.vips_concurrency_set(concurrency);
        }
    }

    /// <summary>Bytes libvips currently holds in tracked allocations (pixel buffers).</summary>
    public static long TrackedMemoryBytes
    {
        get
        {
            EnsureInitialized();
            return (long)LibVips.vips_tracked_get_mem();
        }
    }

    /// <summary>Number of live tracked allocations.</summary>
    public static int TrackedAllocations
    {
        get
        {
            EnsureInitialized();
            return LibVips.vips_tracked_get_allocs();
        }
    }

    /// <summary>
    /// Counts every live <c>VipsObject</c> (images, operations, regions) in the process. A missing
    /// unref anywhere shows up here as a count that grows with the number of images processed.
    /// </summary>
    public static unsafe int CountLiveObjects()
    {
        EnsureInitialized();
        int count = 0;
        LibVips.vips_object_map(&CountOne, (IntPtr)(&count), IntPtr.Zero);
        return count;
    }

    private static unsafe void RedirectLogging()
    {
        foreach (var domain in new[] { "VIPS", "GLib", "GLib-GObject" })
        {
            GLib.g_log_set_handler(domain, GLib.LogLevelsPrintedByDefault | GLib.LogFlags, &OnLog, IntPtr.Zero);
        }
    }

    /// <summary>
    /// Sends the warnings libvips logs (such as "VipsJpeg: Corrupt JPEG data"), one line each and from any thread,
    /// to <paramref name="sink"/> until the result is disposed. GLib would print them to stderr, across a live
    /// progress view; the failure they come with is reported anyway, so while nothing listens they are dropped.
    /// </summary>
    public static IDisposable RouteWarnings(Action<string> sink)
    {
        EnsureInitialized();
        lock (s_gate)
        {
            s_warning += sink;
        }

        return new WarningRoute(sink);
    }

    [UnmanagedCallersOnly]
    private static void OnLog(IntPtr domain, int level, IntPtr message, IntPtr userData)
    {
        try
        {
            var text = Marshal.PtrToStringUTF8(message)?.Trim().ReplaceLineEndings("; ");
            if (!string.IsNullOrEmpty(text))
            {
                Volatile.Read(ref s_warning)?.Invoke($"{Marshal.PtrToStringUTF8(domain)}: {text}");
            }
        }
        catch (Exception)
        {
            // An exception must not unwind into native code (that would end the process); a lost warning is harmless.
        }
    }

    [UnmanagedCallersOnly]
    private static unsafe IntPtr CountOne(IntPtr item, IntPtr a, IntPtr b)
    {
        (*(int*)a)++;
        return IntPtr.Zero;
    }

    /// <summary>Name of the loader libvips would pick for these bytes, or null (blocked loaders are skipped).</summary>
    internal static unsafe string? FindLoader(ReadOnlySpan<byte> data)
    {
        EnsureInitialized();
        fixed (byte* p = data)
        {
            IntPtr name = LibVips.vips_foreign_find_load_buffer((IntPtr)p, (nuint)data.Length);
            if (name == IntPtr.Zero)
            {
                LibVips.vips_error_clear();
                return null;
            }

            return Marshal.PtrToStringUTF8(name);
        }
    }

    private sealed class WarningRoute(Action<string> sink) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                lock (s_gate)
                {
                    s_warning -= sink;
                }
            }
        }
    }
}
