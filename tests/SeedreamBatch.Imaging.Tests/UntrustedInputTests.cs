using System.Collections.Concurrent;
using SeedreamBatch.Core.Variants;

namespace SeedreamBatch.Imaging.Tests;

public sealed class UntrustedInputTests : ProcessorTestBase
{
    private static readonly VariantSpec[] Recipe =
    [
        new() { Name = "original", Format = VariantFormat.Keep },
        new() { Name = "web", Format = VariantFormat.Webp, Width = 256, Quality = 82 },
        new() { Name = "thumb", Format = VariantFormat.Jpeg, Width = 64, Height = 64, Fit = VariantFit.Cover, Quality = 80 },
    ];


    public static TheoryData<string, string> Corpus => new()
    {
        { "truncated-jpeg", "truncated" },
        { "corrupt-jpeg", "corrupt" },
        { "zero-bytes", "not_an_image" },
        { "html-error-page", "not_an_image" },
        { "huge-png-header", "too_many_pixels" },
        { "svg", "unsupported_format" },
        { "pdf", "unsupported_format" },
    };

    private static byte[] Load(string name) => name switch
    {
        "truncated-jpeg" => BrokenInputs.TruncatedJpeg(),
        "corrupt-jpeg" => BrokenInputs.CorruptJpeg(),
        "zero-bytes" => BrokenInputs.Empty(),
        "html-error-page" => BrokenInputs.HtmlErrorPage(),
        "huge-png-header" => BrokenInputs.HugePngHeader(),
        "svg" => BrokenInputs.Svg(),
        "pdf" => BrokenInputs.Pdf(),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private VariantTarget[] Targets(string job) =>
        Recipe.Select(s => new VariantTarget(s, Dir.Combine($"{job}/{s.Name}.{(s.Format == VariantFormat.Keep ? "bin" : s.Format.ToString().ToLowerInvariant())}"))).ToArray();

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Process_BrokenDownload_FailsWithReasonAndWritesNoFiles(string input, string expectedCode)
    {
        var ex = Assert.Throws<ImageProcessingException>(() => Processor.Process(Load(input), Targets(input)));

        Assert.Equal(expectedCode, ex.ReasonCode);
        Assert.False(string.IsNullOrWhiteSpace(ex.Message));
        Assert.DoesNotContain('\n', ex.Message);
        Assert.False(Directory.Exists(Dir.Combine(input)) && Directory.EnumerateFileSystemEntries(Dir.Combine(input)).Any(),
            "a rejected image leaves no files (not even the 'keep' copy)");
    }

    [Fact]
    public void Process_TruncatedAfterHeader_FailsDuringDecodeAsTruncated()
    {
        // The header is intact, so the probe passes; the decoder must still refuse (fail_on=error).
        byte[] data = BrokenInputs.TruncatedJpeg();
        Assert.Equal("jpeg", ImageProbe.Probe(data).Format);

        var ex = Assert.Throws<ImageProcessingException>(() => Processor.Render(data, Recipe));

        Assert.Equal(ImageFailureReason.Truncated, ex.Reason);
    }

    [Fact]
    public void ProcessFile_OverByteLimit_RefusedBeforeReading()
    {
        using var small = new ImageProcessor(new ImageLimits { MaxInputBytes = 1000 });
        string path = Dir.Combine("big.jpg");
        File.WriteAllBytes(path, TestImages.NoisyJpeg(256, 256));

        var ex = Assert.Throws<ImageProcessingException>(() => small.ProcessFile(path, Targets("big")));

        Assert.Equal("too_large", ex.ReasonCode);
    }

    [Fact]
    public void Process_ManyThreadsMixingGoodAndBrokenInputs_GoodOnesSucceedAndBrokenOnesFailAlone()
    {
        string[] broken = Corpus.Select(row => (string)row[0]).ToArray();
        var outcomes = new ConcurrentDictionary<int, string>();

        Parallel.For(0, 48, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            bool good = i % 3 != 0;
            byte[] data = good ? TestImages.NoisyJpeg(300 + i, 200 + i, seed: i) : Load(broken[i / 3 % broken.Length]);
            try
            {
                IReadOnlyList<VariantResult> results = Processor.Process(data, Targets($"job{i}"));
                outcomes[i] = $"ok {results[1].Width}x{results[1].Height} {results[2].Width}x{results[2].Height}";
            }
            catch (ImageProcessingException ex)
            {
                outcomes[i] = "failed " + ex.ReasonCode;
            }
        });

        for (int i = 0; i < 48; i++)
        {
            if (i % 3 != 0)
            {
                int webHeight = (int)Math.Round(256.0 * (200 + i) / (300 + i));
                Assert.Equal($"ok 256x{webHeight} 64x64", outcomes[i]);
            }
            else
            {
                Assert.StartsWith("failed ", outcomes[i]);
            }
        }
    }
}
