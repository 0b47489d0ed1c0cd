using System.Diagnostics;
using System.Text.Json;
using SeedreamBatch.Core.Variants;

namespace SeedreamBatch.Imaging.Tests;

/// <summary>The AI label as a third-party reader sees it: ExifTool (Debian libimage-exiftool-perl, installed by scripts/install-deps).</summary>
public sealed class ExifToolTests : ProcessorTestBase
{
    [Theory]
    [InlineData(VariantFormat.Jpeg)]
    [InlineData(VariantFormat.Webp)]
    [InlineData(VariantFormat.Png)]
    [InlineData(VariantFormat.Avif)]
    public void Render_DefaultProvenance_ExifToolReadsIptcAiLabel(VariantFormat format)
    {
        var provenance = new ImageProvenance("ByteDance Seedream 4.5", "seedream-4-5-251128");
        RenderedVariant variant = Assert.Single(Processor.Render(TestImages.NoisyJpeg(256, 256),
            [new VariantSpec { Name = "v", Format = format, Width = 128, Provenance = true }], provenance));
        string path = Dir.Combine($"labelled.{variant.Format}");
        File.WriteAllBytes(path, variant.Data.ToArray());

        JsonElement tags = ExifTool(path, "-XMP-iptcExt:all");

        Assert.Equal("http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia", tags.GetProperty("DigitalSourceType").GetString());
        Assert.Equal("ByteDance Seedream 4.5", tags.GetProperty("AISystemUsed").GetString());
        Assert.Equal("seedream-4-5-251128", tags.GetProperty("AISystemVersionUsed").GetString());
    }

    [Fact]
    public void Render_PromptNotAsked_NoReaderFindsThePrompt()
    {
        var provenance = new ImageProvenance("ByteDance Seedream 4.5", "seedream-4-5-251128") { JobKey = "job-1", Seed = 7 };
        RenderedVariant variant = Assert.Single(Processor.Render(TestImages.NoisyJpeg(64, 64),
            [new VariantSpec { Name = "v", Format = VariantFormat.Jpeg, Provenance = true }], provenance));
        string path = Dir.Combine("job.jpg");
        File.WriteAllBytes(path, variant.Data.ToArray());

        JsonElement tags = ExifTool(path, "-XMP:all");

        Assert.Equal("job-1", tags.GetProperty("JobKey").GetString());
        Assert.False(tags.TryGetProperty("Prompt", out _));
    }

    private static JsonElement ExifTool(string path, string tags)
    {
        var start = new ProcessStartInfo("exiftool", ["-j", "-n", tags, path]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("exiftool did not start");
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"exiftool exited {process.ExitCode}: {error}");
        return JsonDocument.Parse(output).RootElement[0];
    }
}
