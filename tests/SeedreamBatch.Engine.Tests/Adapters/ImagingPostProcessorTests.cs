using SeedreamBatch.Core.Manifest;
using SeedreamBatch.Core.Variants;
using SeedreamBatch.Engine.Adapters;
using SeedreamBatch.Engine.Ports;
using SeedreamBatch.Engine.Tests.Testing;
using SeedreamBatch.Imaging;

namespace SeedreamBatch.Engine.Tests.Adapters;

public sealed class ImagingPostProcessorTests
{
    [Fact]
    public void ProvenanceFor_Default_AiLabelWithFamilyAndModelIdNoJobNoPrompt()
    {
        var job = TestJobs.Create(1);

        var provenance = ImagingPostProcessor.ProvenanceFor(job, ProvenanceSpec.Default);

        Assert.Equal(new ImageProvenance("ByteDance Seedream 4.5", "seedream-4-5-251128"), provenance);
    }

    [Fact]
    public void ProvenanceFor_JobAndPrompt_CarriesKeyAndPrompt()
    {
        var job = TestJobs.Create(1);

        var provenance = ImagingPostProcessor.ProvenanceFor(job, new ProvenanceSpec(AiLabel: false, Job: true, Prompt: true));

        Assert.Equal((false, job.Key, "A red shoe number 1"), (provenance!.AiLabel, provenance.JobKey, provenance.Prompt));
    }

    [Fact]
    public void ProvenanceFor_AllOff_Null()
    {
        Assert.Null(ImagingPostProcessor.ProvenanceFor(TestJobs.Create(1), new ProvenanceSpec(false, false, false)));
    }

    [Fact]
    public void ForSource_Watermark_MarginFromFractionToPixelsOfTheOutputWidth()
    {
        var web = new VariantSpec { Name = "web", Format = VariantFormat.Webp, Width = 1600, Watermark = new WatermarkSpec { Text = "ACME", Margin = 0 } };

        Assert.Equal(80, ImagingPostProcessor.ForSource(web, 0.05, 2048, 2048).Watermark!.Margin); // 5 % of the 1600 px output
    }

    [Fact]
    public void ForSource_NoWidth_UsesTheWidthTheHeightImplies()
    {
        var tall = new VariantSpec { Name = "tall", Format = VariantFormat.Jpeg, Height = 500, Watermark = new WatermarkSpec { Text = "ACME", Margin = 0 } };

        Assert.Equal(5, ImagingPostProcessor.ForSource(tall, 0.02, 1000, 2000).Watermark!.Margin); // 250 px wide × 0.02
    }

    // With variants the processor's own probe refuses a bad download (no second header read): the failure must be the
    // one the adapter's probe gives when there are no variants, down to the message.
    [Theory]
    [InlineData("corrupt")]
    [InlineData("html")]
    [InlineData("svg")]
    public async Task ProcessAsync_RefusedOriginal_SameFailureWithVariantsAsWithout(string kind)
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("sku-1.original.png");
        await File.WriteAllBytesAsync(path, kind switch
        {
            "corrupt" => TestImages.Png(64, 64),
            "html" => "<!doctype html><html><body>502 Bad Gateway</body></html>"u8.ToArray(),
            _ => "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"64\" height=\"64\"/>"u8.ToArray(),
        });
        using var processor = new ImageProcessor();
        var job = TestJobs.Create(1);
        var web = new VariantSpec { Name = "web", Format = VariantFormat.Webp, Width = 32 };

        var none = new ImagingPostProcessor(processor, [], 0, ProvenanceSpec.Default);

        // libvips' first error in a process carries one more line from its global error log: compare two calls after one.
        await Record.ExceptionAsync(() => none.ProcessAsync(job, 0, path, CancellationToken.None));
        var without = await Record.ExceptionAsync(() => none.ProcessAsync(job, 0, path, CancellationToken.None));
        var with = await Record.ExceptionAsync(() => new ImagingPostProcessor(processor, [web], 0, ProvenanceSpec.Default).ProcessAsync(job, 0, path, CancellationToken.None));

        Assert.NotNull(without);
        Assert.Equal((without.GetType(), Code(without)), (with?.GetType(), Code(with)));
        Assert.Equal(without.Message, with?.Message);
        Assert.Empty(Directory.EnumerateFiles(dir.Path, "*.web.*"));
    }

    private static string? Code(Exception? e) => e switch
    {
        UnusableImageException u => u.Code,
        ImageProcessingException i => i.ReasonCode,
        _ => null,
    };
}
