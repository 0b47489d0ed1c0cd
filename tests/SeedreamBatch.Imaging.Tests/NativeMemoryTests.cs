using NetVips;
using SeedreamBatch.Core.Variants;

namespace SeedreamBatch.Imaging.Tests;

/// <summary>Runs alone: it counts every live libvips object in the process.</summary>
[CollectionDefinition(nameof(NativeMemoryTests), DisableParallelization = true)]
public sealed class NativeMemoryCollection;

[Collection(nameof(NativeMemoryTests))]
public sealed class NativeMemoryTests
{
    private static readonly VariantSpec[] Recipe =
    [
        new() { Name = "web", Format = VariantFormat.Webp, Width = 200, Quality = 82, Provenance = true },
        new() { Name = "thumb", Format = VariantFormat.Jpeg, Width = 64, Height = 64, Fit = VariantFit.Contain, Quality = 80,
            Watermark = new WatermarkSpec { Text = "BRAND", Opacity = 0.5 } },
    ];

    private static (int Objects, long Memory, int Allocations) Settle()
    {
        // Images abandoned to the finalizer would show up as live objects until it runs.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return (LiveObjects.Count(), Stats.Mem, Stats.Allocations);
    }

    private static void RunBatch(ImageProcessor processor, byte[] good, byte[] truncated, int count)
    {
        var provenance = new ImageProvenance("m", "v") { JobKey = "k", Seed = 1, Prompt = "p" };
        for (int i = 0; i < count; i++)
        {
            processor.Render(good, Recipe, provenance);
            Assert.Throws<ImageProcessingException>(() => processor.Render(truncated, Recipe));
        }
    }

    [Fact]
    public void Render_ManyImagesIncludingFailures_LeavesNoLibvipsObjectsOrMemoryBehind()
    {
        byte[] good = TestImages.NoisyJpeg(640, 480);
        byte[] truncated = BrokenInputs.TruncatedJpeg();
        using var processor = new ImageProcessor();
        RunBatch(processor, good, truncated, 3); // warm-up: caches, the text mask, type registrations
        (int objects, long memory, int allocations) before = Settle();

        RunBatch(processor, good, truncated, 40);
        (int objects, long memory, int allocations) after = Settle();

        Assert.Equal(before.objects, after.objects);
        Assert.Equal(before.allocations, after.allocations);
        Assert.True(after.memory <= before.memory, $"tracked memory grew from {before.memory} to {after.memory} bytes");
    }

    [Fact]
    public void LiveObjects_HeldImage_IsCounted()
    {
        // Proves the leak check can fail: an image whose reference is never dropped stays counted.
        int before = Settle().Objects;
        var leaked = TestImages.Solid(8, 8, 1, 2, 3);
        int during = Settle().Objects;
        GC.KeepAlive(leaked);
        leaked.Dispose();
        int after = Settle().Objects;

        Assert.True(during > before, $"live objects {before} → {during} while an image is held");
        Assert.Equal(before, after);
    }
}
