using System.Collections.Concurrent;
using NetVips;
using SeedreamBatch.Core.Variants;

namespace SeedreamBatch.Imaging.Tests;

public sealed class VipsTests : ProcessorTestBase
{
    private static readonly VariantSpec[] Recipe = [new() { Name = "web", Format = VariantFormat.Webp, Width = 32 }];

    [Fact]
    public void EnsureInitialized_MapsLibvipsFromTheBuildOutput_NoSystemImagingLibraries()
    {
        Vips.EnsureInitialized();
        using (Image probe = TestImages.Solid(4, 4, 1, 2, 3))
        {
            Assert.NotEmpty(probe.JpegsaveBuffer()); // a real call, so lazily loaded modules are mapped too
        }

        string[] mapped = [.. File.ReadLines("/proc/self/maps")
            .Select(line => line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length == 6 && fields[5].StartsWith('/'))
            .Select(fields => fields[5].Trim())
            .Distinct()];

        string libvips = Assert.Single(mapped, p => Path.GetFileName(p).StartsWith("libvips.so", StringComparison.Ordinal));
        Assert.StartsWith(Path.GetFullPath(AppContext.BaseDirectory), libvips, StringComparison.Ordinal);

        // NetVips.Native links its dependencies statically: nothing of Debian's imaging stack (or its SQLite) may load.
        string[] system = ["libvips", "libglib", "libgobject", "libjpeg", "libpng", "libwebp", "libheif", "libtiff", "libsqlite3", "librsvg", "libMagick", "libpoppler"];
        Assert.DoesNotContain(mapped, p => !p.StartsWith(Path.GetFullPath(AppContext.BaseDirectory), StringComparison.Ordinal)
            && system.Any(name => Path.GetFileName(p).StartsWith(name, StringComparison.Ordinal)));
    }

    [Fact]
    public void Version_IsTheBundled818OrLater()
    {
        Assert.True(Vips.Version >= new Version(8, 18), $"libvips {Vips.Version}");
    }

    [Fact]
    public void EnsureInitialized_BlocksUntrustedLoaders()
    {
        Vips.EnsureInitialized();

        // NetVips.Native has librsvg: only the block keeps SVG out (ImageProbe answers unsupported_format for it).
        Assert.Null(Image.FindLoadBuffer(BrokenInputs.Svg()));
        Assert.Equal("VipsForeignLoadJpegBuffer", Image.FindLoadBuffer(TestImages.NoisyJpeg(8, 8)));
    }

    [Fact]
    public void RouteWarnings_ScrambledJpeg_DeliversLibjpegWarningToTheSink()
    {
        var warnings = new ConcurrentQueue<string>();
        using (Vips.RouteWarnings(warnings.Enqueue))
        {
            // Whether the decoder then refuses the image is not the point: its warning must reach the sink.
            try
            {
                Processor.Render(BrokenInputs.ScrambledJpeg(), Recipe);
            }
            catch (ImageProcessingException)
            {
            }
        }

        Assert.Contains(warnings, w => w.StartsWith("VIPS: ", StringComparison.Ordinal) && w.Contains("Corrupt JPEG data", StringComparison.Ordinal));
    }

    [Fact]
    public void RouteWarnings_CleanJpeg_DeliversNothing()
    {
        // libvips' informational chatter (one line per operation) is not a warning: a clean render says nothing.
        var warnings = new ConcurrentQueue<string>();
        using (Vips.RouteWarnings(warnings.Enqueue))
        {
            Processor.Render(TestImages.NoisyJpeg(400, 300), Recipe);
        }

        Assert.Empty(warnings);
    }

    [Fact]
    public void RouteWarnings_AfterDispose_NoLongerDelivers()
    {
        var warnings = new ConcurrentQueue<string>();
        Vips.RouteWarnings(warnings.Enqueue).Dispose();

        try
        {
            Processor.Render(BrokenInputs.ScrambledJpeg(), Recipe);
        }
        catch (ImageProcessingException)
        {
        }

        Assert.Empty(warnings);
    }

    [Fact]
    public void Render_FromManyThreads_ProducesIndependentCorrectResults()
    {
        byte[][] sources = [.. Enumerable.Range(1, 8).Select(i => TestImages.NoisyJpeg(200 + (i * 10), 100, seed: i))];
        var results = new ConcurrentDictionary<int, int>();

        Parallel.For(0, sources.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
            results[i] = ImageProbe.Probe(Assert.Single(Processor.Render(sources[i], [new VariantSpec { Name = "v", Format = VariantFormat.Png, Height = 50 }])).Data.Span).Width);

        Assert.Equal(Enumerable.Range(1, 8).Select(i => (200 + (i * 10)) / 2), Enumerable.Range(0, 8).Select(i => results[i]));
    }
}
