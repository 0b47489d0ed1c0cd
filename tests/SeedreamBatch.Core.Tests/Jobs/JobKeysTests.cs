using SeedreamBatch.Core.Jobs;
using SeedreamBatch.Core.Models;
using SeedreamBatch.Core.Tests.Testing;

namespace SeedreamBatch.Core.Tests.Jobs;

public sealed class JobKeysTests
{
    /// <summary>
    /// The key of <see cref="Request"/> as computed when this test was written. If it changes, every
    /// stored key changes and every catalog is paid for again: bump <see cref="JobKeys.KeyVersion"/> on purpose.
    /// Checked independently: SHA-256 of {"v":1,"dialect":"ark","model":"doubao-seedream-3-0-t2i-250415",
    /// "prompt":"a red mug on a \u6728 table","size":"1024x1024","seed":42,"requested_seed":42,
    /// "references":["https://example.com/a.png"],"images":1,"options":{"watermark":false,"guidance_scale":"2.5",
    /// "optimize_prompt":null,"output_format":null},"repeat":0}.
    /// </summary>
    private const string GoldenKey = "62c34574b16d3fdeff50101a4ffaaac1a69fe41e2a9785e63c328537f93e4f19";

    private static readonly GenerationRequest Request = new(
        ProviderDialect.Ark, SeedreamModel.Seedream30T2I, "doubao-seedream-3-0-t2i-250415", "a red mug on a 木 table",
        ImageSize.FromPixels(1024, 1024), Seed: 42, [ReferenceImage.Url("https://example.com/a.png")], ImageCount: 1,
        new GenerationOptions { Watermark = false, GuidanceScale = 2.5 });

    [Fact]
    public void Compute_FixedRequest_IsTheGoldenKey()
    {
        Assert.Equal(GoldenKey, JobKeys.Compute(Request, 42, 0));
    }

    [Fact]
    public void IdentifyRouted_SameModelOnAnotherProvider_SameKey()
    {
        var onFal = Request with { Dialect = ProviderDialect.Fal, ProviderModelId = "fal-ai/bytedance/seedream/v3/text-to-image" };

        Assert.Equal(JobKeys.IdentifyRouted(Request, 42, 0).Value, JobKeys.IdentifyRouted(onFal, 42, 0).Value);
        Assert.NotEqual(JobKeys.Compute(Request, 42, 0), JobKeys.Compute(onFal, 42, 0));
    }

    [Fact]
    public void IdentifyRouted_FixedRequest_DiffersFromTheSingleProviderKeyAndKeepsTheGoldenOne()
    {
        var routed = JobKeys.IdentifyRouted(Request, 42, 0).Value;

        Assert.NotEqual(GoldenKey, routed);
        Assert.Equal(GoldenKey, JobKeys.Compute(Request, 42, 0));
        Assert.NotEqual(routed, JobKeys.IdentifyRouted(Request with { Model = SeedreamModel.Seedream40 }, 42, 0).Value);
    }

    [Fact]
    public void Compute_AnyRequest_Is64LowerHexDigits()
    {
        var key = JobKeys.Compute(Request, 42, 0);

        Assert.Matches("^[0-9a-f]{64}$", key);
        Assert.Equal(key[..12], JobKeys.Short(key));
    }

    [Fact]
    public void Compute_SameRequestTwice_SameKey()
    {
        var copy = Request with { References = [ReferenceImage.Url("https://example.com/a.png")], Options = Request.Options with { } };

        Assert.Equal(JobKeys.Compute(Request, 42, 0), JobKeys.Compute(copy, 42, 0));
    }

    [Theory]
    [InlineData("1:1@1K", "1024x1024")]
    [InlineData("16:9", "2848x1600")]
    [InlineData("16:9@4K", "5456x3056")]
    public void Compute_AspectAndPixelsForTheSameRequest_SameKey(string aspect, string pixels)
    {
        // Both are sent as the same pixels: rewriting one as the other must not pay for everything again.
        Assert.Equal(JobKeys.Compute(Request with { Size = Parse(aspect) }, 42, 0), JobKeys.Compute(Request with { Size = Parse(pixels) }, 42, 0));
    }

    public static TheoryData<string, GenerationRequest, int?, int> Changed() => new()
    {
        { "prompt", Request with { Prompt = "a blue mug on a 木 table" }, 42, 0 },
        { "size", Request with { Size = ImageSize.FromPixels(1024, 1536) }, 42, 0 },
        { "preset instead of pixels", Request with { Size = Parse("2K") }, 42, 0 },
        { "seed sent", Request with { Seed = 43 }, 42, 0 },
        { "seed not sent", Request with { Seed = null }, 42, 0 },
        { "requested seed", Request, 43, 0 },
        { "no requested seed", Request, null, 0 },
        { "model id", Request with { ProviderModelId = "doubao-seedream-3-0-t2i-999999" }, 42, 0 },
        { "dialect", Request with { Dialect = ProviderDialect.AceData }, 42, 0 },
        { "reference", Request with { References = [ReferenceImage.Url("https://example.com/b.png")] }, 42, 0 },
        { "no reference", Request with { References = [] }, 42, 0 },
        { "reference order", Request with { References = [ReferenceImage.Url("https://example.com/b.png"), ReferenceImage.Url("https://example.com/a.png")] }, 42, 0 },
        { "images", Request with { ImageCount = 2 }, 42, 0 },
        { "watermark", Request with { Options = Request.Options with { Watermark = true } }, 42, 0 },
        { "guidance", Request with { Options = Request.Options with { GuidanceScale = 2.6 } }, 42, 0 },
        { "no guidance", Request with { Options = Request.Options with { GuidanceScale = null } }, 42, 0 },
        { "optimize prompt", Request with { Options = Request.Options with { OptimizePromptMode = "fast" } }, 42, 0 },
        { "output format", Request with { Options = Request.Options with { OutputFormat = "png" } }, 42, 0 },
        { "repeat", Request, 42, 1 },
    };

    [Theory]
    [MemberData(nameof(Changed))]
    public void Compute_PaidRequestFieldChanged_KeyChanges(string field, GenerationRequest changed, int? requestedSeed, int repeat)
    {
        Assert.True(JobKeys.Compute(Request, 42, 0) != JobKeys.Compute(changed, requestedSeed, repeat), field);
    }

    [Fact]
    public void Compute_RequestedSeedNotSent_StillChangesKey()
    {
        // Seedream 4.5 ignores seeds: two seeds ask for two different (paid) images, so two keys.
        var request = Request with { Model = SeedreamModel.Seedream45, ProviderModelId = "seedream-4-5-251128", Seed = null };

        Assert.NotEqual(JobKeys.Compute(request, 1000, 0), JobKeys.Compute(request, 1001, 0));
    }

    [Fact]
    public void Compute_DeliveryOptionsChanged_SameKey()
    {
        var streamed = Request with { Options = Request.Options with { Stream = true, ResponseFormat = "b64_json" } };

        Assert.Equal(JobKeys.Compute(Request, 42, 0), JobKeys.Compute(streamed, 42, 0));
    }

    [Fact]
    public void Compute_LocalReference_KeyedByContentNotPath()
    {
        var a = Request with { References = [ReferenceImage.LocalFile("/one/place/a.png", new string('1', 64))] };
        var b = Request with { References = [ReferenceImage.LocalFile("/another/b.png", new string('1', 64))] };
        var c = Request with { References = [ReferenceImage.LocalFile("/one/place/a.png", new string('2', 64))] };

        Assert.Equal(JobKeys.Compute(a, 42, 0), JobKeys.Compute(b, 42, 0));
        Assert.NotEqual(JobKeys.Compute(a, 42, 0), JobKeys.Compute(c, 42, 0));
    }

    [Fact]
    public void Expand_SameLocalImageInTwoFolders_SameKey()
    {
        using var dir = new TempDirectory();
        var image = TinyImages.Png();
        Directory.CreateDirectory(Path.Combine(dir.Path, "a"));
        Directory.CreateDirectory(Path.Combine(dir.Path, "b"));
        dir.WriteBytes("a/ref.png", image);
        dir.WriteBytes("b/other.png", image);

        string KeyFor(string reference)
        {
            var yaml = ManifestFiles.Minimal + $"\nreferences: [\"{reference}\"]\n";
            return Assert.Single(ManifestFiles.Expand(ManifestFiles.LoadValid(dir, yaml))).Key;
        }

        Assert.Equal(KeyFor("a/ref.png"), KeyFor("b/other.png"));
    }

    [Fact]
    public void AutoSeed_SameRequest_StableAndWithinRange()
    {
        var seed = JobKeys.AutoSeed(Request, 0);

        Assert.Equal(seed, JobKeys.AutoSeed(Request with { Options = Request.Options with { } }, 0));
        Assert.InRange(seed, 0, int.MaxValue);
    }

    [Fact]
    public void AutoSeed_IgnoresTheSeedAlreadyInTheRequest()
    {
        Assert.Equal(JobKeys.AutoSeed(Request with { Seed = null }, 0), JobKeys.AutoSeed(Request with { Seed = 7 }, 0));
    }

    [Fact]
    public void AutoSeed_ManyPrompts_DifferAndStayInRange()
    {
        var seeds = Enumerable.Range(0, 200).Select(i => JobKeys.AutoSeed(Request with { Prompt = $"prompt {i}" }, 0)).ToList();

        Assert.All(seeds, s => Assert.InRange(s, 0, int.MaxValue));
        Assert.Equal(seeds.Count, seeds.Distinct().Count());
        Assert.NotEqual(JobKeys.AutoSeed(Request, 0), JobKeys.AutoSeed(Request, 1));
    }

    private const string MugHead = """
        version: 1
        name: test
        provider: ark
        prompt: "a red mug"
        models: [seedream-4.5]

        """;

    /// <summary>Keys are stored with every done job: a change would re-process every kept original of every folder.</summary>
    [Fact]
    public void ProcessingKey_EveryRecipeField_StaysByteIdentical()
    {
        using var dir = new TempDirectory();
        dir.WriteBytes("logo.png", TinyImages.Png());
        var pipeline = ManifestFiles.LoadValid(dir, MugHead + """
            outputs:
              dir: out
              strip_metadata: false
              provenance: { job: true, prompt: true }
              watermark: { image: logo.png, gravity: north-west, opacity: 0.5, scale: 0.25, margin: 0.03 }
              variants:
                original: { format: keep }
                web: { width: 1600, height: 1200, format: webp, fit: cover, crop: attention, quality: 82, effort: 5, background: "#FFF", watermark: false }
                thumb: { height: 400, format: jpeg }
            """);
        var plain = ManifestFiles.LoadValid(dir, MugHead + "outputs: { dir: out }\n");

        Assert.Equal("d299292618db219a4ad740e707a8d29cac9b2e9fdf1b05034b21e95b3df7a186", pipeline.Outputs.ProcessingKey);
        Assert.Equal("00e56d6d8775889ec4b06f7961931eabcf5dd4afdca850b9827ab3400de4bcda", plain.Outputs.ProcessingKey);
    }

    [Fact]
    public void ProcessingKey_VariantRecipeChanged_Changes()
    {
        using var dir = new TempDirectory();
        const string Base = MugHead + """
            outputs:
              dir: out
              variants:
                web: { width: 1600, format: webp, quality: 82 }
            """;

        var before = ManifestFiles.LoadValid(dir, Base).Outputs.ProcessingKey;
        var quality = ManifestFiles.LoadValid(dir, Base.Replace("quality: 82", "quality: 80", StringComparison.Ordinal)).Outputs.ProcessingKey;
        var width = ManifestFiles.LoadValid(dir, Base.Replace("width: 1600", "width: 1200", StringComparison.Ordinal)).Outputs.ProcessingKey;
        var added = ManifestFiles.LoadValid(dir, Base + "\n    thumb: { width: 400, format: jpeg }\n").Outputs.ProcessingKey;
        var strip = ManifestFiles.LoadValid(dir, Base + "\n  strip_metadata: false\n").Outputs.ProcessingKey;

        Assert.Equal(5, new[] { before, quality, width, added, strip }.Distinct().Count());
    }

    [Fact]
    public void ProcessingKey_JobDataChanged_Unchanged()
    {
        using var dir = new TempDirectory();
        const string Yaml = ManifestFiles.CsvPipelineStart + """
            prompt: "a {{ color }} mug"
            models: [seedream-4.5]
            outputs:
              dir: out
              name: "{{ sku }}"
              variants:
                web: { width: 1600, format: webp }
            """;

        var first = Expand(dir, Yaml, "sku,color\nA,red\n");
        var second = Expand(dir, Yaml.Replace("a {{ color }} mug", "a {{ color }} cup", StringComparison.Ordinal), "sku,color\nA,blue\nB,green\n");

        Assert.NotEqual(first[0].Key, second[0].Key);
        Assert.All(second, j => Assert.Equal(first[0].ProcessingKey, j.ProcessingKey));
    }

    private static List<Job> Expand(TempDirectory dir, string yaml, string csv) =>
        ManifestFiles.Expand(ManifestFiles.LoadValid(dir, yaml, ("data.csv", csv)));

    private static ImageSize Parse(string text)
    {
        ImageSize.TryParse(text, out var size, out _);
        return size;
    }
}
