using System.Collections.Concurrent;
using SeedreamBatch.Core.Variants;
using SeedreamBatch.Imaging.Interop;

namespace SeedreamBatch.Imaging.Tests.Interop;

public sealed class VipsWarningTests : ProcessorTestBase
{
    private static readonly VariantSpec[] Recipe = [new() { Name = "web", Format = VariantFormat.Webp, Width = 32 }];

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
}
