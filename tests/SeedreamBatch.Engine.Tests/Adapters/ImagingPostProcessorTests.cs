using SeedreamBatch.Core.Manifest;
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
}
