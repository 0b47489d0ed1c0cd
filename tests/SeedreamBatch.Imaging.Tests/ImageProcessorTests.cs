using System.Security.Cryptography;
using NetVips;
using SeedreamBatch.Core.Variants;

namespace SeedreamBatch.Imaging.Tests;

public sealed class ImageProcessorTests : ProcessorTestBase
{

    private RenderedVariant RenderOne(byte[] source, VariantSpec spec, ImageProvenance? provenance = null) =>
        Assert.Single(Processor.Render(source, [spec], provenance));

    [Theory]
    [InlineData(VariantFit.Inside, 1600, null, 1600, 900)]
    [InlineData(VariantFit.Inside, 800, 800, 800, 450)]
    [InlineData(VariantFit.Cover, 400, 400, 400, 400)]
    [InlineData(VariantFit.Contain, 400, 400, 400, 400)]
    [InlineData(VariantFit.Fill, 300, 100, 300, 100)]
    public void Render_Fit_ProducesExpectedDimensions(VariantFit fit, int width, int? height, int expectedWidth, int expectedHeight)
    {
        byte[] source = TestImages.NoisyJpeg(2560, 1440);

        RenderedVariant variant = RenderOne(source, new VariantSpec { Name = "v", Width = width, Height = height, Fit = fit });

        Assert.Equal((expectedWidth, expectedHeight), (variant.Width, variant.Height));
        ImageInfo decoded = ImageProbe.Probe(variant.Data.ToArray());
        Assert.Equal((expectedWidth, expectedHeight), (decoded.Width, decoded.Height));
    }

    [Fact]
    public void Render_ContainOnWideImage_PadsTopAndBottomWithBackground()
    {
        using Image red = TestImages.Solid(800, 400, 255, 0, 0);
        byte[] source = red.PngsaveBuffer();

        RenderedVariant variant = RenderOne(source, new VariantSpec
        {
            Name = "thumb", Format = VariantFormat.Png, Width = 200, Height = 200, Fit = VariantFit.Contain, Background = RgbColour.Parse("#00ff00"),
        });

        byte[] png = variant.Data.ToArray();
        Assert.Equal([0, 255, 0], TestImages.Pixel(png, 100, 5));   // band above the image
        Assert.Equal([255, 0, 0], TestImages.Pixel(png, 100, 100)); // the image itself
        Assert.Equal([0, 255, 0], TestImages.Pixel(png, 100, 195)); // band below
    }

    [Fact]
    public void Render_CoverAttention_KeepsTheSalientRegion()
    {
        // Grey noise-free image with one saturated red square on the right: attention must crop towards it.
        using Image grey = TestImages.Solid(1200, 400, 128, 128, 128);
        using Image marked = TestImages.DrawRect(grey, 1000, 150, 100, 100, [255, 0, 0]);
        byte[] source = marked.PngsaveBuffer();

        RenderedVariant centre = RenderOne(source, new VariantSpec { Name = "c", Format = VariantFormat.Png, Width = 400, Height = 400, Fit = VariantFit.Cover });
        RenderedVariant attention = RenderOne(source, new VariantSpec { Name = "a", Format = VariantFormat.Png, Width = 400, Height = 400, Fit = VariantFit.Cover, Crop = VariantCrop.Attention });

        Assert.False(ContainsRed(centre.Data.ToArray()), "centre crop excludes the red square");
        Assert.True(ContainsRed(attention.Data.ToArray()), "attention crop keeps the red square");
    }

    private static bool ContainsRed(byte[] png)
    {
        using Image image = TestImages.Decode(png);
        return TestImages.MaxOfBand(image, 0) > 200;
    }

    [Theory]
    [InlineData(VariantFormat.Jpeg, "jpeg")]
    [InlineData(VariantFormat.Png, "png")]
    [InlineData(VariantFormat.Webp, "webp")]
    [InlineData(VariantFormat.Avif, "avif")]
    public void Render_Format_WritesThatFormat(VariantFormat format, string expected)
    {
        byte[] source = TestImages.NoisyJpeg(300, 200);

        RenderedVariant variant = RenderOne(source, new VariantSpec { Name = "v", Format = format, Width = 150 });

        Assert.Equal(expected, variant.Format);
        Assert.Equal(expected, ImageProbe.Probe(variant.Data.ToArray()).Format);
    }

    [Theory]
    [InlineData(VariantFormat.Jpeg)]
    [InlineData(VariantFormat.Webp)]
    [InlineData(VariantFormat.Avif)]
    [InlineData(VariantFormat.Png)]
    public void Render_HigherQuality_ProducesLargerFile(VariantFormat format)
    {
        byte[] source = TestImages.NoisyJpeg(512, 512);

        int low = RenderOne(source, new VariantSpec { Name = "lo", Format = format, Width = 256, Quality = 20 }).Data.Length;
        int high = RenderOne(source, new VariantSpec { Name = "hi", Format = format, Width = 256, Quality = 95 }).Data.Length;

        Assert.True(high > low * 1.3, $"{format}: Q95 {high} bytes vs Q20 {low} bytes");
    }

    [Fact]
    public void Render_PngEffort_HigherCompressesSmaller()
    {
        byte[] source = TestImages.NoisyJpeg(512, 512);

        int fast = RenderOne(source, new VariantSpec { Name = "fast", Format = VariantFormat.Png, Effort = 0 }).Data.Length;
        int small = RenderOne(source, new VariantSpec { Name = "small", Format = VariantFormat.Png, Effort = 9 }).Data.Length;

        Assert.True(small < fast, $"effort 9 {small} bytes vs effort 0 {fast} bytes");
    }

    [Fact]
    public void Render_JpegFromAlpha_FlattensOntoBackground()
    {
        byte[] source = TestImages.SolidPng(100, 100, 0, 0, 0, 0); // fully transparent

        RenderedVariant variant = RenderOne(source, new VariantSpec { Name = "j", Format = VariantFormat.Jpeg, Quality = 95, Background = RgbColour.Parse("#ff8000") });

        double[] pixel = TestImages.Pixel(variant.Data.ToArray(), 50, 50);
        Assert.InRange(pixel[0], 245, 255);
        Assert.InRange(pixel[1], 118, 138);
        Assert.InRange(pixel[2], 0, 10);
    }

    [Fact]
    public void Render_Keep_ReturnsSourceBytesUntouched()
    {
        byte[] source = TestImages.NoisyJpeg(64, 48);

        RenderedVariant variant = RenderOne(source, new VariantSpec { Name = "original", Format = VariantFormat.Keep });

        Assert.Equal(source, variant.Data.ToArray());
        Assert.Equal(("jpeg", 64, 48), (variant.Format, variant.Width, variant.Height));
    }

    [Theory]
    [InlineData(VariantFormat.Jpeg)]
    [InlineData(VariantFormat.Png)]
    [InlineData(VariantFormat.Webp)]
    public void Render_StripMetadata_RemovesXmpAndText(VariantFormat format)
    {
        byte[] source = SourceWithMetadata(format);
        Assert.NotEmpty(MetadataFields(source)); // the fixture really carries metadata

        RenderedVariant stripped = RenderOne(source, new VariantSpec { Name = "s", Format = format, Width = 100 });
        RenderedVariant kept = RenderOne(source, new VariantSpec { Name = "k", Format = format, Width = 100, StripMetadata = false });

        Assert.Empty(MetadataFields(stripped.Data.ToArray()));
        Assert.NotEmpty(MetadataFields(kept.Data.ToArray()));
        Assert.False(HasField(stripped.Data.ToArray(), "exif-data"));
    }

    [Theory]
    [InlineData(VariantFormat.Jpeg)]
    [InlineData(VariantFormat.Png)]
    [InlineData(VariantFormat.Webp)]
    [InlineData(VariantFormat.Avif)]
    public void Render_Provenance_RoundTripsAndStripsEverythingElse(VariantFormat format)
    {
        byte[] source = SourceWithMetadata(VariantFormat.Jpeg);
        var provenance = new ImageProvenance("ByteDance Seedream 4.5", "seedream-4-5-251128")
        {
            JobKey = "job-3f2a", Seed = 1234567890123, Prompt = "A red <shoe> & \"sock\" on white, 日本語",
        };

        RenderedVariant variant = RenderOne(source, new VariantSpec { Name = "p", Format = format, Width = 120, Provenance = true }, provenance);

        Assert.Equal(provenance, ImageProbe.ReadProvenance(variant.Data.ToArray()));
        Assert.Empty(MetadataFields(variant.Data.ToArray()));
        Assert.False(HasField(variant.Data.ToArray(), "exif-data"));
        Assert.DoesNotContain("previous-owner", System.Text.Encoding.UTF8.GetString(variant.Data.Span));
    }

    [Fact]
    public void Render_AiLabelOnly_WritesNoPromptNorJob()
    {
        var provenance = new ImageProvenance("ByteDance Seedream 4.5", "seedream-4-5-251128");

        RenderedVariant variant = RenderOne(TestImages.NoisyJpeg(64, 64), new VariantSpec { Name = "p", Width = 32, Provenance = true }, provenance);

        ImageProvenance read = Assert.IsType<ImageProvenance>(ImageProbe.ReadProvenance(variant.Data.ToArray()));
        Assert.Equal((true, "ByteDance Seedream 4.5", "seedream-4-5-251128", null, null), (read.AiLabel, read.AiSystem, read.AiSystemVersion, read.JobKey, read.Prompt));
    }

    [Fact]
    public void Render_ProvenanceOff_WritesNone()
    {
        RenderedVariant variant = RenderOne(TestImages.NoisyJpeg(64, 64), new VariantSpec { Name = "p", Width = 32 },
            new ImageProvenance("m", "v") { JobKey = "k", Prompt = "p" });

        Assert.Null(ImageProbe.ReadProvenance(variant.Data.ToArray()));
    }

    private static byte[] SourceWithMetadata(VariantFormat format)
    {
        using Image noisy = TestImages.Noisy(256, 256);
        using Image tagged = noisy.Mutate(m =>
        {
            m.Set(GValue.BlobType, "xmp-data", System.Text.Encoding.UTF8.GetBytes(
                "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" dc:creator=\"previous-owner\"/></rdf:RDF></x:xmpmeta>"));
            m.Set(GValue.GStrType, "png-comment-0-Author", "previous-owner");
        });
        return format switch
        {
            VariantFormat.Png => tagged.PngsaveBuffer(),
            VariantFormat.Webp => tagged.WebpsaveBuffer(),
            _ => tagged.JpegsaveBuffer(),
        };
    }

    /// <summary>Metadata that came from the source: its XMP packet, PNG text, IPTC or ICC profile.</summary>
    private static IReadOnlyList<string> MetadataFields(byte[] encoded)
    {
        using Image image = TestImages.Decode(encoded);
        string[] metadata = ["iptc-data", "icc-profile-data"];
        return image.GetFields()
            .Where(f => metadata.Contains(f)
                || (f.StartsWith("png-comment-", StringComparison.Ordinal) && !(image.Get(f) as string ?? string.Empty).Contains("seedream", StringComparison.Ordinal) && !f.Contains("seedream", StringComparison.Ordinal))
                || (f == "xmp-data" && System.Text.Encoding.UTF8.GetString(image.Get(f) as byte[] ?? []).Contains("previous-owner", StringComparison.Ordinal)))
            .ToArray();
    }

    private static bool HasField(byte[] encoded, string field)
    {
        using Image image = TestImages.Decode(encoded);
        return image.GetFields().Contains(field);
    }

    [Fact]
    public void Process_Targets_WritesFilesAtomicallyWithMatchingHashes()
    {
        byte[] source = TestImages.NoisyJpeg(2048, 2048);
        VariantTarget[] targets =
        [
            new(new VariantSpec { Name = "original", Format = VariantFormat.Keep }, Dir.Combine("sku/original.jpg")),
            new(new VariantSpec { Name = "web", Format = VariantFormat.Webp, Width = 1600, Quality = 82 }, Dir.Combine("sku/web.webp")),
            new(new VariantSpec { Name = "thumb", Format = VariantFormat.Jpeg, Width = 400, Height = 400, Fit = VariantFit.Cover, Quality = 80 }, Dir.Combine("sku/thumb.jpg")),
        ];

        IReadOnlyList<VariantResult> results = Processor.Process(source, targets);

        Assert.Equal(["original", "web", "thumb"], results.Select(r => r.Name));
        foreach (VariantResult result in results)
        {
            byte[] file = File.ReadAllBytes(result.Path);
            Assert.Equal(result.Bytes, file.Length);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(file)), result.Sha256);
        }

        Assert.Equal((1600, 1600, "webp"), (results[1].Width, results[1].Height, results[1].Format));
        Assert.Equal((400, 400, "jpeg"), (results[2].Width, results[2].Height, results[2].Format));
        Assert.Equal(3, Directory.GetFiles(Dir.Combine("sku")).Length); // no temp files left behind
    }

    [Fact]
    public void Process_ExistingFile_IsReplaced()
    {
        string path = Dir.Combine("web.webp");
        File.WriteAllText(path, "stale");

        Processor.Process(TestImages.NoisyJpeg(64, 64), [new VariantTarget(new VariantSpec { Name = "web", Format = VariantFormat.Webp }, path)]);

        Assert.Equal("webp", ImageProbe.Probe(File.ReadAllBytes(path)).Format);
    }

    [Fact]
    public void Render_InvalidSpec_ThrowsArgumentExceptionWithProblems()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            Processor.Render(TestImages.NoisyJpeg(8, 8), [new VariantSpec { Name = "bad", Quality = 500 }]));

        Assert.Contains("quality must be between 1 and 100", ex.Message);
    }
}
