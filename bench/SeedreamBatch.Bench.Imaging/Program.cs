using System.Diagnostics;
using SeedreamBatch.Core.Variants;
using SeedreamBatch.Imaging;
using SeedreamBatch.Imaging.Interop;

// Usage:
//   corpus <dir> <count>          make <count> noisy photo-like JPEGs (half 2048², half 2560×1440)
//   run <corpus-dir> <out-dir> <dop>   run the bench recipe over every JPEG in <corpus-dir>
if (args.Length < 3)
{
    Console.Error.WriteLine("usage: corpus <dir> <count> | run <corpus-dir> <out-dir> <dop>");
    return 2;
}

return args[0] switch
{
    "corpus" => MakeCorpus(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture)),
    "run" => Run(args[1], args[2], int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture)),
    _ => 2,
};

static int MakeCorpus(string dir, int count)
{
    Directory.CreateDirectory(dir);
    Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
    {
        string path = Path.Combine(dir, $"img{i:D4}.jpg");
        if (File.Exists(path))
        {
            return;
        }

        (int w, int h) = i % 2 == 0 ? (2048, 2048) : (2560, 1440);
        File.WriteAllBytes(path, PhotoLike(w, h, i));
    });
    Console.WriteLine($"corpus: {count} images in {dir}");
    return 0;
}

// Blurred colour noise over a gradient: JPEG sizes close to real photos (≈1–2 MB at Q90), unlike pure noise.
static byte[] PhotoLike(int width, int height, int seed)
{
    var bands = new VipsImage[3];
    for (int b = 0; b < 3; b++)
    {
        using VipsImage noise = VipsOperation.CallImage("gaussnoise", new VipsArguments
        {
            ["width"] = width, ["height"] = height, ["mean"] = 110.0 + 20 * b, ["sigma"] = 50.0, ["seed"] = seed * 3 + b,
        });
        using VipsImage blurred = noise.Call("gaussblur", new VipsArguments { ["sigma"] = 1.5 });
        bands[b] = blurred.Call("cast", new VipsArguments { ["format"] = "uchar" });
    }

    try
    {
        using VipsResult joined = VipsOperation.Call("bandjoin", new VipsArguments { ["in"] = bands });
        using VipsImage rgb = joined.TakeImage();
        using VipsImage srgb = rgb.Copy("srgb");
        using VipsImage marked = srgb.DrawCircle(width / 2, height / 2, height / 4, [220, 40, 40]);
        return marked.ToJpeg(90);
    }
    finally
    {
        foreach (VipsImage band in bands)
        {
            band.Dispose();
        }
    }
}

static int Run(string corpus, string outDir, int dop)
{
    string[] files = Directory.GetFiles(corpus, "*.jpg").Order(StringComparer.Ordinal).ToArray();
    var web = new VariantSpec { Name = "web", Format = VariantFormat.Webp, Width = 1600, Quality = 82 };
    var thumb = new VariantSpec { Name = "thumb", Format = VariantFormat.Jpeg, Width = 400, Height = 400, Fit = VariantFit.Cover, Quality = 80 };
    Directory.CreateDirectory(outDir);
    using var processor = new ImageProcessor();

    var clock = Stopwatch.StartNew();
    int failures = 0;
    Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = dop }, file =>
    {
        string stem = Path.Combine(outDir, Path.GetFileNameWithoutExtension(file));
        try
        {
            processor.ProcessFile(file, [new VariantTarget(web, stem + "-web.webp"), new VariantTarget(thumb, stem + "-thumb.jpg")]);
        }
        catch (ImageProcessingException ex)
        {
            Interlocked.Increment(ref failures);
            Console.Error.WriteLine($"{file}: {ex.ReasonCode}: {ex.Message}");
        }
    });
    clock.Stop();

    Console.WriteLine($"ours: {files.Length} images in {clock.Elapsed.TotalSeconds:F2} s = {files.Length / clock.Elapsed.TotalSeconds:F2} images/s (dop {dop}, libvips {Vips.Version}, failures {failures})");
    return failures == 0 ? 0 : 1;
}
