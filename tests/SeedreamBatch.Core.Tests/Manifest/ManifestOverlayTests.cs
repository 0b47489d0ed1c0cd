using SeedreamBatch.Core.Jobs;
using SeedreamBatch.Core.Manifest;
using SeedreamBatch.Core.Models;
using SeedreamBatch.Core.Tests.Testing;

namespace SeedreamBatch.Core.Tests.Manifest;

/// <summary><c>overlays:</c> chosen with <c>--env</c>, and <c>--set key.path=value</c>: the effective manifest and located errors.</summary>
public sealed class ManifestOverlayTests
{
    private const string WithOverlays = """
        version: 1
        name: test
        provider: sim
        prompt: "a red mug"
        models: [seedream-4.5]
        sizes: [2048x2048]
        outputs: { dir: out, name: "{{ job.key }}" }
        budget: { max_cost_usd: 1, max_images: 10 }
        overlays:
          prod:
            provider: ark
            budget: { max_cost_usd: 50 }
          dev:
            models: [seedream-4.0]
            sizes: [1024x1024]
            budget: null
        """;

    private static ManifestLoadResult Load(TempDirectory dir, string yaml, string? env, params string[] sets) =>
        ManifestLoader.Load(dir.Write("pipeline.yaml", yaml), new ManifestOverrides(env, sets));

    [Fact]
    public void Load_EnvProd_MergesOverlayKeyByKey()
    {
        using var dir = new TempDirectory();
        var pipeline = Load(dir, WithOverlays, "prod").Pipeline!;

        Assert.Equal("ark", pipeline.ProviderName);
        Assert.Equal(50m, pipeline.Budget.MaxCostUsd);
        Assert.Equal(10, pipeline.Budget.MaxImages);
        Assert.Equal("prod", pipeline.Environment);
    }

    [Fact]
    public void Load_EnvDev_NullRemovesAKey()
    {
        using var dir = new TempDirectory();
        var pipeline = Load(dir, WithOverlays, "dev").Pipeline!;

        Assert.Equal("sim", pipeline.ProviderName);
        Assert.Null(pipeline.Budget.MaxCostUsd);
        Assert.Equal("1024x1024", pipeline.Sizes.Single().Value.ToString());
    }

    [Fact]
    public void Load_NoEnv_IgnoresOverlaysAndKeepsTheFileHash()
    {
        using var dir = new TempDirectory();
        var plain = Load(dir, WithOverlays, null).Pipeline!;
        var prod = Load(dir, WithOverlays, "prod").Pipeline!;

        Assert.Equal("sim", plain.ProviderName);
        Assert.Equal(1m, plain.Budget.MaxCostUsd);
        Assert.NotEqual(plain.ManifestSha256, prod.ManifestSha256);
    }

    [Fact]
    public void Load_Set_OverridesAfterTheOverlay()
    {
        using var dir = new TempDirectory();
        var result = Load(dir, WithOverlays, "prod", "budget.max_cost_usd=7.5", "providers.ark.concurrency=3", "models=[seedream-4.0]", "description=a: b");
        var pipeline = result.Pipeline!;

        Assert.Equal(7.5m, pipeline.Budget.MaxCostUsd);
        Assert.Equal(3, pipeline.Providers["ark"].Value.Concurrency);
        Assert.Equal(SeedreamModel.Seedream40, pipeline.Models.Single().Value);
        Assert.Equal("a: b", pipeline.Description);
        Assert.Contains("max_cost_usd: 7.5", result.EffectiveYaml, StringComparison.Ordinal);
        Assert.DoesNotContain("overlays", result.EffectiveYaml, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SetOutputsDir_JobKeysAndFolderFollowTheEffectiveValues()
    {
        using var dir = new TempDirectory();
        var plain = Load(dir, WithOverlays, null).Pipeline!;
        var changed = Load(dir, WithOverlays, null, "outputs.dir=elsewhere", "models=[seedream-4.0]", "sizes=[1024x1024]").Pipeline!;

        var before = new JobExpander(plain, ManifestFiles.Run);
        var after = new JobExpander(changed, ManifestFiles.Run);
        Assert.EndsWith("elsewhere", after.OutputDirectory, StringComparison.Ordinal);
        Assert.NotEqual(before.Expand().Single().Key, after.Expand().Single().Key);
    }

    [Fact]
    public void Load_UnknownEnv_IsLocatedAtOverlays()
    {
        using var dir = new TempDirectory();
        var error = Assert.Single(Load(dir, WithOverlays, "staging").Errors);

        Assert.Equal((9, 1), (error.Location.Line, error.Location.Column));
        Assert.Contains("no overlay 'staging' in overlays; defined: prod, dev", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EnvWithoutOverlays_IsLocatedAtTheFileStart()
    {
        using var dir = new TempDirectory();
        var error = Assert.Single(Load(dir, ManifestFiles.Minimal, "prod").Errors);

        Assert.Equal((1, 1), (error.Location.Line, error.Location.Column));
        Assert.Contains("the manifest has no overlays", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SetOnUnknownKey_IsLocatedInTheArgument()
    {
        using var dir = new TempDirectory();
        var error = Assert.Single(Load(dir, WithOverlays, null, "retry.attempts=2", "budget.max_cost=5").Errors);

        Assert.Equal(("--set", 2, 8), (error.Location.File, error.Location.Line, error.Location.Column));
        Assert.Contains("unknown key 'max_cost' in budget", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SetBadValue_IsLocatedAtTheValue()
    {
        using var dir = new TempDirectory();
        var error = Assert.Single(Load(dir, WithOverlays, null, "budget.max_cost_usd=lots").Errors);

        Assert.Equal(("--set", 1, 21), (error.Location.File, error.Location.Line, error.Location.Column));
        Assert.Contains("budget.max_cost_usd must be a number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SetWithoutEquals_IsOneError()
    {
        using var dir = new TempDirectory();
        var error = Assert.Single(Load(dir, WithOverlays, null, "budget").Errors);

        Assert.Equal(("--set", 1, 1), (error.Location.File, error.Location.Line, error.Location.Column));
    }

    [Fact]
    public void Load_TypoInAnOverlayNotChosen_IsStillAnError()
    {
        using var dir = new TempDirectory();
        var yaml = WithOverlays.Replace("    budget: { max_cost_usd: 50 }", "    budgt: { max_cost_usd: 50 }", StringComparison.Ordinal);
        var error = Assert.Single(Load(dir, yaml, "dev").Errors);

        Assert.Equal((12, 5), (error.Location.Line, error.Location.Column));
        Assert.Contains("unknown key 'budgt' in overlays.prod", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BadValueInChosenOverlay_IsLocatedAtTheOverlayLine()
    {
        using var dir = new TempDirectory();
        var yaml = WithOverlays.Replace("max_cost_usd: 50", "max_cost_usd: fifty", StringComparison.Ordinal);
        var error = Assert.Single(Load(dir, yaml, "prod").Errors);

        Assert.Equal((12, 29), (error.Location.Line, error.Location.Column));
    }
}
