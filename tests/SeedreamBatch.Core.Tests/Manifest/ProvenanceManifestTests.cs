using SeedreamBatch.Core.Manifest;
using SeedreamBatch.Core.Tests.Testing;

namespace SeedreamBatch.Core.Tests.Manifest;

public sealed class ProvenanceManifestTests
{
    [Theory]
    [InlineData("", true, false, false)]
    [InlineData(", provenance: false", true, false, false)]
    [InlineData(", provenance: true", true, true, false)]
    [InlineData(", provenance: { prompt: true }", true, false, true)]
    [InlineData(", provenance: { ai_label: false, job: true }", false, true, false)]
    public void Load_Provenance_AiLabelOnByDefaultPromptOnlyWhenAsked(string provenance, bool aiLabel, bool job, bool prompt)
    {
        using var dir = new TempDirectory();

        var pipeline = ManifestFiles.LoadValid(dir, WithOutputs(provenance));

        Assert.Equal(new ProvenanceSpec(aiLabel, job, prompt), pipeline.Outputs.Provenance);
    }

    [Fact]
    public void Load_ProvenanceUnknownKey_OneErrorWithSuggestion()
    {
        using var dir = new TempDirectory();

        var result = ManifestFiles.Load(dir, WithOutputs(", provenance: { promt: true }"));

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("unknown key 'promt' in outputs.provenance (did you mean 'prompt'?)", error.Message, StringComparison.Ordinal);
    }

    private static string WithOutputs(string provenance) =>
        ManifestFiles.Minimal.Replace("name: \"{{ job.key }}\" }", "name: \"{{ job.key }}\"" + provenance + " }", StringComparison.Ordinal);
}
