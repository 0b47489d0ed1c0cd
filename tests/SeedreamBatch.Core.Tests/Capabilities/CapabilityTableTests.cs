using SeedreamBatch.Core.Capabilities;
using SeedreamBatch.Core.Models;

namespace SeedreamBatch.Core.Tests.Capabilities;

/// <summary>The capability table against the figures in docs/provider-apis.md, and the checks built on it.</summary>
public sealed class CapabilityTableTests
{
    [Theory]
    [InlineData(ProviderDialect.Ark, "seededit-3.0, seedream-3.0-t2i, seedream-4.0, seedream-4.5, seedream-5.0-flash, seedream-5.0-lite, seedream-5.0-pro")]
    [InlineData(ProviderDialect.AceData, "seededit-3.0, seedream-3.0-t2i, seedream-4.0, seedream-4.5")]
    [InlineData(ProviderDialect.OpenAICompatible, "seedream-4.0, seedream-4.5, seedream-5.0-lite")]
    [InlineData(ProviderDialect.Sinan, "seedream-4.0, seedream-4.5, seedream-5.0-lite")]
    [InlineData(ProviderDialect.Kie, "seedream-4.5")]
    [InlineData(ProviderDialect.Fal, "seedream-4.0, seedream-4.5, seedream-5.0-lite")]
    [InlineData(ProviderDialect.Replicate, "seedream-4.0")]
    public void ModelsOf_Dialect_OffersTheDocumentedModels(ProviderDialect dialect, string expected)
    {
        var names = CapabilityTable.ModelsOf(dialect).Select(m => m.ToName()).Order(StringComparer.Ordinal);

        Assert.Equal(expected, string.Join(", ", names));
    }

    [Theory]
    [InlineData(ProviderDialect.Kie, SeedreamModel.Seedream40)]
    [InlineData(ProviderDialect.OpenAICompatible, SeedreamModel.SeedEdit30)]
    [InlineData(ProviderDialect.AceData, SeedreamModel.Seedream50Lite)]
    public void Find_ModelNotOffered_IsNull(ProviderDialect dialect, SeedreamModel model) =>
        Assert.Null(CapabilityTable.Find(dialect, model));

    /// <summary>One row per (dialect, model): ids, seed, guidance, references, outputs, from the provider docs.</summary>
    public static TheoryData<ProviderDialect, SeedreamModel, string, string, bool, bool, int, int, bool, int> Documented() => new()
    {
        // dialect, model, international id, China id, seed, guidance, min refs, max refs, URLs only, max outputs
        { ProviderDialect.Ark, SeedreamModel.Seedream45, "seedream-4-5-251128", "doubao-seedream-4-5-251128", false, false, 0, 14, false, 15 },
        { ProviderDialect.Ark, SeedreamModel.Seedream40, "seedream-4-0-250828", "doubao-seedream-4-0-250828", false, false, 0, 14, false, 15 },
        // BytePlus takes ids without doubao- for every model (docs/provider-apis.md §1 "Model ids").
        { ProviderDialect.Ark, SeedreamModel.Seedream50Lite, "seedream-5-0-260128", "doubao-seedream-5-0-260128", false, false, 0, 14, false, 15 },
        { ProviderDialect.Ark, SeedreamModel.Seedream30T2I, "seedream-3-0-t2i-250415", "doubao-seedream-3-0-t2i-250415", true, true, 0, 0, false, 1 },
        { ProviderDialect.Ark, SeedreamModel.SeedEdit30, "seededit-3-0-i2i-250628", "doubao-seededit-3-0-i2i-250628", true, true, 1, 1, false, 1 },
        { ProviderDialect.Ark, SeedreamModel.Seedream50Pro, "dola-seedream-5-0-pro-260628", "dola-seedream-5-0-pro-260628", false, false, 0, 10, false, 1 },
        { ProviderDialect.Ark, SeedreamModel.Seedream50Flash, "seedream-5-0-flash-260915", "seedream-5-0-flash-260915", false, false, 0, 14, false, 15 },
        // Ace Data: nothing documented caps a group, so one image per request (§2).
        { ProviderDialect.AceData, SeedreamModel.Seedream45, "doubao-seedream-4-5-251128", "doubao-seedream-4-5-251128", false, false, 0, 14, false, 1 },
        { ProviderDialect.AceData, SeedreamModel.Seedream40, "doubao-seedream-4-0-250828", "doubao-seedream-4-0-250828", false, false, 0, 14, false, 1 },
        { ProviderDialect.AceData, SeedreamModel.Seedream30T2I, "doubao-seedream-3-0-t2i-250415", "doubao-seedream-3-0-t2i-250415", true, true, 0, 0, false, 1 },
        { ProviderDialect.AceData, SeedreamModel.SeedEdit30, "doubao-seededit-3-0-i2i-250628", "doubao-seededit-3-0-i2i-250628", true, true, 1, 1, false, 1 },
        { ProviderDialect.OpenAICompatible, SeedreamModel.Seedream40, "seedream-4.0", "seedream-4.0", false, false, 0, 10, true, 6 },
        { ProviderDialect.OpenAICompatible, SeedreamModel.Seedream45, "seedream-4.5", "seedream-4.5", false, false, 0, 10, true, 6 },
        { ProviderDialect.OpenAICompatible, SeedreamModel.Seedream50Lite, "seedream-5.0-lite", "seedream-5.0-lite", false, false, 0, 10, true, 6 },
        { ProviderDialect.Sinan, SeedreamModel.Seedream40, "4.0", "4.0", false, false, 0, 14, true, 15 },
        { ProviderDialect.Sinan, SeedreamModel.Seedream45, "4.5", "4.5", false, false, 0, 14, true, 15 },
        { ProviderDialect.Sinan, SeedreamModel.Seedream50Lite, "5.0-lite", "5.0-lite", false, false, 0, 14, true, 15 },
        { ProviderDialect.Kie, SeedreamModel.Seedream45, "seedream/4.5-text-to-image", "seedream/4.5-text-to-image", false, false, 0, 14, true, 1 },
        // fal.ai and Replicate (docs/provider-apis.md §6).
        { ProviderDialect.Fal, SeedreamModel.Seedream40, "fal-ai/bytedance/seedream/v4/text-to-image", "fal-ai/bytedance/seedream/v4/text-to-image", true, false, 0, 10, true, 6 },
        { ProviderDialect.Fal, SeedreamModel.Seedream45, "fal-ai/bytedance/seedream/v4.5/text-to-image", "fal-ai/bytedance/seedream/v4.5/text-to-image", true, false, 0, 10, true, 6 },
        { ProviderDialect.Fal, SeedreamModel.Seedream50Lite, "fal-ai/bytedance/seedream/v5/lite/text-to-image", "fal-ai/bytedance/seedream/v5/lite/text-to-image", true, false, 0, 10, true, 6 },
        { ProviderDialect.Replicate, SeedreamModel.Seedream40, "bytedance/seedream-4", "bytedance/seedream-4", false, false, 0, 10, true, 15 },
    };

    [Theory]
    [MemberData(nameof(Documented))]
    public void Find_EveryOfferedModel_MatchesProviderDocumentation(
        ProviderDialect dialect, SeedreamModel model, string id, string chinaId, bool seed, bool guidance,
        int minRefs, int maxRefs, bool urlsOnly, int maxOutputs)
    {
        var caps = CapabilityTable.Find(dialect, model)!;

        Assert.Equal(id, caps.ModelIdFor(chinaRegion: false, isEdit: false));
        Assert.Equal(chinaId, caps.ModelIdFor(chinaRegion: true, isEdit: false));
        Assert.Equal(seed, caps.AcceptsSeed);
        Assert.Equal(guidance, caps.AcceptsGuidance);
        Assert.Equal(minRefs, caps.MinReferences);
        Assert.Equal(maxRefs, caps.MaxReferences);
        Assert.Equal(urlsOnly, caps.ReferencesMustBeUrls);
        Assert.Equal(maxOutputs, caps.MaxImagesPerRequest);
        Assert.Equal(15, caps.MaxInputsPlusOutputs);
    }

    [Fact]
    public void All_HasOneEntryPerDocumentedPair()
    {
        Assert.Equal(Documented().Count(), CapabilityTable.All.Count());
    }

    [Fact]
    public void ModelIdFor_KieEdit_UsesTheEditModel()
    {
        var caps = CapabilityTable.Find(ProviderDialect.Kie, SeedreamModel.Seedream45)!;

        Assert.Equal("seedream/4.5-edit", caps.ModelIdFor(chinaRegion: false, isEdit: true));
        Assert.Equal("seedream/4.5-text-to-image", caps.ModelIdFor(chinaRegion: false, isEdit: false));
    }

    [Fact]
    public void ModelIdFor_ArkEditWithoutEditId_KeepsTheRegionalId()
    {
        var caps = CapabilityTable.Find(ProviderDialect.Ark, SeedreamModel.Seedream45)!;

        Assert.Equal("doubao-seedream-4-5-251128", caps.ModelIdFor(chinaRegion: true, isEdit: true));
    }

    [Fact]
    public void SupportsStreaming_OnlyArk4x()
    {
        var streaming = CapabilityTable.All.Where(c => c.SupportsStreaming).Select(c => (c.Dialect, c.Model)).ToHashSet();

        Assert.Equal(
            new HashSet<(ProviderDialect, SeedreamModel)>
            {
                (ProviderDialect.Ark, SeedreamModel.Seedream45), (ProviderDialect.Ark, SeedreamModel.Seedream40),
                (ProviderDialect.Ark, SeedreamModel.Seedream50Lite), (ProviderDialect.Ark, SeedreamModel.Seedream50Flash),
            },
            streaming);
    }

    [Fact]
    public void Check_SeedOnModelThatIgnoresSeeds_IsAWarningNotAnError()
    {
        var findings = Check(ProviderDialect.Ark, SeedreamModel.Seedream45, new RequestedGeneration { Size = Size("2K"), SeedRequested = true });

        Assert.True(findings.IsValid);
        var warning = Assert.Single(findings.Warnings);
        Assert.Equal(CapabilitySubject.Seed, warning.Subject);
        Assert.Contains("ignores seeds", warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ProviderDialect.Ark, SeedreamModel.Seedream40, "fast", null)]
    [InlineData(ProviderDialect.Ark, SeedreamModel.Seedream45, "standard", null)]
    [InlineData(ProviderDialect.Ark, SeedreamModel.Seedream45, "fast", "error")]
    [InlineData(ProviderDialect.Ark, SeedreamModel.Seedream50Lite, "fast", "error")]
    [InlineData(ProviderDialect.AceData, SeedreamModel.Seedream40, "fast", "warning")]
    [InlineData(ProviderDialect.Sinan, SeedreamModel.Seedream45, "standard", "warning")]
    public void Check_OptimizePrompt_FastOn40OnlyAndWarnWhereUnsendable(ProviderDialect dialect, SeedreamModel model, string mode, string? expected)
    {
        var findings = Check(dialect, model, new RequestedGeneration { Size = Size("2048x2048"), Options = new() { OptimizePromptMode = mode } });

        Assert.Equal(expected, findings.All.SingleOrDefault() is { } f ? f.IsError ? "error" : "warning" : null);
        if (expected == "warning")
        {
            Assert.Contains("optimize_prompt", findings.All.Single().Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(ProviderDialect.Ark, SeedreamModel.Seedream50Lite, null)]
    [InlineData(ProviderDialect.Ark, SeedreamModel.Seedream45, "error")]
    [InlineData(ProviderDialect.Ark, SeedreamModel.Seedream40, "error")]
    [InlineData(ProviderDialect.OpenAICompatible, SeedreamModel.Seedream50Lite, "warning")]
    public void Check_OutputFormat_On50LiteOnlyAndWarnWhereUnsendable(ProviderDialect dialect, SeedreamModel model, string? expected)
    {
        var findings = Check(dialect, model, new RequestedGeneration { Size = Size("2048x2048"), Options = new() { OutputFormat = "png" } });

        Assert.Equal(expected, findings.All.SingleOrDefault() is { } f ? f.IsError ? "error" : "warning" : null);
        if (expected == "warning")
        {
            Assert.Contains("output_format", findings.All.Single().Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Check_AceDataGroup_RefusedNamingTheMissingCap()
    {
        var findings = Check(ProviderDialect.AceData, SeedreamModel.Seedream45, new RequestedGeneration { Size = Size("2K"), ImageCount = 3 });

        var error = Assert.Single(findings.Errors);
        Assert.Equal(CapabilitySubject.ImageCount, error.Subject);
        Assert.Contains("sequential_image_generation_options", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SeedreamModel.Seedream50Lite, "4K", true)]
    [InlineData(SeedreamModel.Seedream50Lite, "4096x4096", true)]
    [InlineData(SeedreamModel.Seedream50Pro, "1.5K", true)]
    [InlineData(SeedreamModel.Seedream50Pro, "4K", false)]
    [InlineData(SeedreamModel.Seedream50Pro, "2400x2000", false)]
    public void Check_NewModelSizes_MatchTheFactsDoc(SeedreamModel model, string size, bool accepted)
    {
        var findings = Check(ProviderDialect.Ark, model, new RequestedGeneration { Size = Size(size) });

        Assert.Equal(accepted, findings.IsValid);
    }

    [Fact]
    public void Check_SeedOnSeedream30_HasNoFinding()
    {
        var findings = Check(ProviderDialect.Ark, SeedreamModel.Seedream30T2I, new RequestedGeneration { Size = Size("1024x1024"), SeedRequested = true });

        Assert.Empty(findings.All);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(2, false)]
    public void Check_SeedEditReferences_NeedsExactlyOne(int references, bool valid)
    {
        var findings = Check(ProviderDialect.Ark, SeedreamModel.SeedEdit30, new RequestedGeneration { Size = ImageSize.Adaptive, ReferenceCount = references });

        Assert.Equal(valid, findings.IsValid);
        Assert.All(findings.Errors, e => Assert.Equal(CapabilitySubject.References, e.Subject));
    }

    [Fact]
    public void Check_ReferenceOnSeedream30_SaysTextToImageOnly()
    {
        var findings = Check(ProviderDialect.Ark, SeedreamModel.Seedream30T2I, new RequestedGeneration { Size = Size("1024x1024"), ReferenceCount = 1 });

        var error = Assert.Single(findings.Errors);
        Assert.Equal("seedream-3.0-t2i on ark is text-to-image only and takes no reference images, got 1", error.Message);
    }

    [Theory]
    [InlineData(10, false, true)]
    [InlineData(11, false, false)]
    [InlineData(1, true, false)]
    public void Check_OpenAIReferences_UrlsOnlyAtMostTen(int references, bool local, bool valid)
    {
        var findings = Check(ProviderDialect.OpenAICompatible, SeedreamModel.Seedream45,
            new RequestedGeneration { Size = Size("2048x2048"), ReferenceCount = references, HasLocalReferences = local });

        Assert.Equal(valid, findings.IsValid);
    }

    [Theory]
    [InlineData(6, 0, true)]
    [InlineData(7, 0, false)]
    [InlineData(6, 9, true)] // 9 + 6 = 15
    [InlineData(6, 10, false)] // 10 + 6 = 16
    public void Check_OpenAIOutputs_AtMostSixAndFifteenWithInputs(int images, int references, bool valid)
    {
        var findings = Check(ProviderDialect.OpenAICompatible, SeedreamModel.Seedream45,
            new RequestedGeneration { Size = Size("2048x2048"), ImageCount = images, ReferenceCount = references });

        Assert.Equal(valid, findings.IsValid);
        Assert.All(findings.Errors, e => Assert.Equal(CapabilitySubject.ImageCount, e.Subject));
    }

    [Theory]
    [InlineData(15, 0, true)]
    [InlineData(16, 0, false)]
    [InlineData(1, 14, true)]
    [InlineData(2, 14, false)]
    public void Check_Ark45InputsPlusOutputs_AtMostFifteen(int images, int references, bool valid)
    {
        var findings = Check(ProviderDialect.Ark, SeedreamModel.Seedream45,
            new RequestedGeneration { Size = Size("2K"), ImageCount = images, ReferenceCount = references });

        Assert.Equal(valid, findings.IsValid);
    }

    [Fact]
    public void Check_Ark45FifteenReferences_OverTheReferenceLimit()
    {
        var findings = Check(ProviderDialect.Ark, SeedreamModel.Seedream45, new RequestedGeneration { Size = Size("2K"), ReferenceCount = 15 });

        Assert.Contains(findings.Errors, e => e.Message == "seedream-4.5 on ark takes at most 14 reference image(s), got 15");
    }

    [Fact]
    public void Check_SeveralImagesOnSingleImageModel_SuggestsRepeat()
    {
        var findings = Check(ProviderDialect.Kie, SeedreamModel.Seedream45, new RequestedGeneration { Size = Size("16:9"), ImageCount = 2 });

        Assert.Contains("use repeat instead", Assert.Single(findings.Errors).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SeedreamModel.Seedream30T2I, 2.5, true)]
    [InlineData(SeedreamModel.Seedream30T2I, 1, true)]
    [InlineData(SeedreamModel.Seedream30T2I, 10, true)]
    [InlineData(SeedreamModel.Seedream30T2I, 0.5, false)]
    [InlineData(SeedreamModel.Seedream30T2I, 10.5, false)]
    [InlineData(SeedreamModel.Seedream45, 5, false)]
    public void Check_Guidance_OnlySeedream30AndSeedEditWithinOneToTen(SeedreamModel model, double guidance, bool valid)
    {
        var size = model == SeedreamModel.Seedream30T2I ? Size("1024x1024") : Size("2K");
        var findings = Check(ProviderDialect.Ark, model, new RequestedGeneration { Size = size, Options = new() { GuidanceScale = guidance } });

        Assert.Equal(valid, findings.IsValid);
    }

    [Fact]
    public void Check_StreamAndB64OnOpenAI_AreRefused()
    {
        var findings = Check(ProviderDialect.OpenAICompatible, SeedreamModel.Seedream45,
            new RequestedGeneration { Size = Size("2048x2048"), Options = new() { Stream = true, ResponseFormat = "b64_json" } });

        Assert.Equal([CapabilitySubject.Stream, CapabilitySubject.ResponseFormat], findings.Errors.Select(e => e.Subject));
    }

    [Fact]
    public void Check_SinanPromptOver2000Characters_IsAnError()
    {
        var ok = Check(ProviderDialect.Sinan, SeedreamModel.Seedream45, new RequestedGeneration { Size = Size("2K"), Prompt = new string('a', 2000) });
        var tooLong = Check(ProviderDialect.Sinan, SeedreamModel.Seedream45, new RequestedGeneration { Size = Size("2K"), Prompt = new string('a', 2001) });

        Assert.True(ok.IsValid);
        Assert.Equal(CapabilitySubject.Prompt, Assert.Single(tooLong.Errors).Subject);
    }

    [Fact]
    public void Check_ArkPromptOver600Words_IsAWarning()
    {
        var prompt = string.Join(' ', Enumerable.Repeat("word", 601));

        var findings = Check(ProviderDialect.Ark, SeedreamModel.Seedream45, new RequestedGeneration { Size = Size("2K"), Prompt = prompt });

        Assert.True(findings.IsValid);
        Assert.StartsWith("the prompt has 601 words", Assert.Single(findings.Warnings).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_EmptyPrompt_IsAnError()
    {
        var findings = Check(ProviderDialect.Ark, SeedreamModel.Seedream45, new RequestedGeneration { Size = Size("2K"), Prompt = "  " });

        Assert.Equal("the rendered prompt is empty", Assert.Single(findings.Errors).Message);
    }

    [Fact]
    public void Check_BadSize_MessageNamesModelAndDialect()
    {
        var findings = Check(ProviderDialect.Ark, SeedreamModel.Seedream45, new RequestedGeneration { Size = Size("1K") });

        var error = Assert.Single(findings.Errors);
        Assert.Equal(CapabilitySubject.Size, error.Subject);
        Assert.Equal("seedream-4.5 on ark takes presets 2K, 4K, not 1K", error.Message);
    }

    private static CapabilityFindings Check(ProviderDialect dialect, SeedreamModel model, RequestedGeneration request) =>
        CapabilityCheck.Check(CapabilityTable.Find(dialect, model)!, request);

    private static ImageSize Size(string text)
    {
        Assert.True(ImageSize.TryParse(text, out var size, out var error), error);
        return size;
    }
}
