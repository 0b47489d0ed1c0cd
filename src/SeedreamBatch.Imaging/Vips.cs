using NetVips;
using NetVipsApi = NetVips.NetVips;

namespace SeedreamBatch.Imaging;

/// <summary>
/// One-time libvips settings for the process (NetVips over the bundled NetVips.Native libvips), and the
/// routing of libvips' log messages. NetVips loads the library itself; this only applies our policy.
/// </summary>
public static class Vips
{
    /// <summary>Loaders allowed for untrusted input; everything else under <c>VipsForeignLoad</c> is blocked.</summary>
    internal static readonly string[] AllowedLoaderClasses =
    [
        "VipsForeignLoadJpeg", "VipsForeignLoadPng", "VipsForeignLoadWebp",
        "VipsForeignLoadHeif", "VipsForeignLoadNsgif", "VipsForeignLoadTiff",
    ];

    private static readonly string[] LogDomains = ["VIPS", "GLib", "GLib-GObject"];
    private static readonly Lock Gate = new();
    private static volatile bool _initialized;
    private static Action<string>? _warning;

    /// <summary>The loaded libvips version.</summary>
    public static Version Version
    {
        get
        {
            EnsureInitialized();
            return new Version(NetVipsApi.Version(0), NetVipsApi.Version(1), NetVipsApi.Version(2));
        }
    }

    /// <summary>
    /// Applies <paramref name="settings"/> once per process (later calls are cheap and ignore them): untrusted
    /// loaders blocked, operation cache off, one libvips thread per image. Throws when libvips cannot be loaded.
    /// </summary>
    public static void EnsureInitialized(VipsSettings? settings = null)
    {
        if (_initialized)
        {
            return;
        }

        lock (Gate)
        {
            if (_initialized)
            {
                return;
            }

            Initialize(settings ?? VipsSettings.Default);
            _initialized = true;
        }
    }

    private static void Initialize(VipsSettings settings)
    {
        if (!ModuleInitializer.VipsInitialized)
        {
            throw new InvalidOperationException($"libvips could not be loaded from the NetVips.Native package: {ModuleInitializer.Exception?.Message}");
        }

        // Not Info: libvips reports every operation at that level ("threadpool completed with 1 workers", "residual
        // scale 2 x 2", ...), about a hundred lines per job in the run's log; GLib's own handler drops them.
        foreach (string domain in LogDomains)
        {
            Log.SetLogHandler(domain, Enums.LogLevelFlags.Warning | Enums.LogLevelFlags.Critical | Enums.LogLevelFlags.Message, OnLog);
        }

        if (settings.BlockUntrustedLoaders)
        {
            // Untrusted loaders (SVG, PDF, ImageMagick, matrix, ...) are off, and so is every loader we do not
            // expect from an image model: each one is attack surface for a download we did not choose.
            NetVipsApi.BlockUntrusted = true;
            Operation.Block("VipsForeignLoad", true);
            foreach (string loader in AllowedLoaderClasses)
            {
                Operation.Block(loader, false);
            }
        }

        Cache.Max = settings.CacheMaxOperations;
        Cache.MaxMem = (ulong)Math.Max(0, settings.CacheMaxMemoryBytes);
        Cache.MaxFiles = settings.CacheMaxFiles;
        if (settings.Concurrency is int concurrency)
        {
            NetVipsApi.Concurrency = concurrency;
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
        lock (Gate)
        {
            _warning += sink;
        }

        return new WarningRoute(sink);
    }

    /// <summary>GType name of the loader libvips would pick for these bytes (blocked loaders are skipped), or null.</summary>
    internal static string? FindLoader(byte[] data)
    {
        EnsureInitialized();
        return Image.FindLoadBuffer(data);
    }

    private static void OnLog(string domain, Enums.LogLevelFlags level, string message)
    {
        try
        {
            string text = message.Trim().ReplaceLineEndings("; ");
            if (text.Length > 0)
            {
                Volatile.Read(ref _warning)?.Invoke($"{domain}: {text}");
            }
        }
        catch (Exception)
        {
            // An exception must not unwind into native code (that would end the process); a lost warning is harmless.
        }
    }

    private sealed class WarningRoute(Action<string> sink) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                lock (Gate)
                {
                    _warning -= sink;
                }
            }
        }
    }
}
