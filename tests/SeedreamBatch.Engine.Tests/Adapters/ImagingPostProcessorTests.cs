using SeedreamBatch.Core.Manifest;
using SeedreamBatch.Core.Variants;
using SeedreamBatch.Engine.Adapters;
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
}
