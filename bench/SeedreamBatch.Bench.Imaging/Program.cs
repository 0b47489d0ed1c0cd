using System.Diagnostics;
using System.Globalization;
using NetVips;
using SeedreamBatch.Core.Variants;
using SeedreamBatch.Imaging;
using SeedreamBatch.Simulator.Images;

// Usage:
//   corpus <dir> <n2048> <n4096>            photo-like JPEGs at q90 (the simulator's photo renderer)
//   run <in-dir> <out-dir> <dop>            the bench recipe over every *.jpg in <in-dir> (recursively)
//   quality <in-dir> <out-a> <out-b>        bytes and PSNR against a Lanczos reference, per source size
// The recipe: web = 1200 px (inside) WebP q80, thumb = 300×300 cover JPEG q80, metadata stripped.
if (args.Length < 3)
{
    Console.Error.WriteLine("usage: corpus <dir> <n2048> <n4096> | run <in> <out> <dop> | quality <in> <out-a> <out-b>");
    return 2;
}

Vips.EnsureInitialized();
return args[0] switch
{
    "corpus" => MakeCorpus(args[1], Int(args[2]), Int(args[3])),
    "run" => Run(args[1], args[2], Int(args[3])),
    "quality" => Quality(args[1], args[2], args[3]),
    _ => 2,
};

static int Int(string text) => int.Parse(text, CultureInfo.InvariantCulture);

static int MakeCorpus(string dir, int n2048, int n4096)
{
    Directory.CreateDirectory(dir);
    var renderer = new PhotoImageRenderer();
    var specs = Enumerable.Range(0, n2048).Select(i => (Name: $"s2048-{i:D3}.jpg", Side: 2048, Seed: i))
        .Concat(Enumerable.Range(0, n4096).Select(i => (Name: $"s4096-{i:D3}.jpg", Side: 4096, Seed: 1000 + i)));
    Parallel.ForEach(specs, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, s =>
    {
        string path = Path.Combine(dir, s.Name);
        if (!File.Exists(path))
        {
            File.WriteAllBytes(path, renderer.Render(new ImageSpec(System.Security.Cryptography.SHA256.HashData("bench"u8), $"PHOTO of product number {s.Seed}", s.Seed, s.Side, s.Side, 0, "jpeg")));
        }
    });
    return 0;
}

static int Run(string input, string outDir, int dop)
{
    string[] files = [.. Directory.GetFiles(input, "*.jpg", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];
    var web = new VariantSpec { Name = "web", Format = VariantFormat.Webp, Width = 1200, Quality = 80 };
    var thumb = new VariantSpec { Name = "thumb", Format = VariantFormat.Jpeg, Width = 300, Height = 300, Fit = VariantFit.Cover, Quality = 80 };
    Directory.CreateDirectory(outDir);
    using var processor = new ImageProcessor();
    processor.Render(File.ReadAllBytes(files[0]), [web, thumb]); // JIT and first-call setup outside the timing

    TimeSpan cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    long bytes = 0;
    Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = dop }, file =>
    {
        string stem = Path.Combine(outDir, Path.GetFileNameWithoutExtension(file));
        var results = processor.ProcessFile(file, [new VariantTarget(web, stem + "-web.webp"), new VariantTarget(thumb, stem + "-thumb.jpg")]);
        Interlocked.Add(ref bytes, results.Sum(r => r.Bytes));
    });
    clock.Stop();
    double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"netvips dop={dop} images={files.Length} wall_s={clock.Elapsed.TotalSeconds:F2} images_per_s={files.Length / clock.Elapsed.TotalSeconds:F2} cpu_s={cpu:F2} cpu_s_per_image={cpu / files.Length:F3} out_bytes={bytes} libvips={Vips.Version}"));
    return 0;
}

// PSNR (8-bit, all bands) of each output against a reference made from the full-resolution decode with a
// Lanczos-3 resize (and, for the thumbnail, the same centred cover crop): what a slow, careful pipeline would make.
static int Quality(string input, string outA, string outB)
{
    foreach (var group in Directory.GetFiles(input, "*.jpg").Order(StringComparer.Ordinal).GroupBy(f => Path.GetFileName(f)[..5]))
    {
        var sums = new double[4];
        var bytes = new long[2];
        int n = 0;
        foreach (string file in group)
        {
            string stem = Path.GetFileNameWithoutExtension(file);
            using Image full = Image.NewFromFile(file, access: Enums.Access.Random, failOn: Enums.FailOn.Error);
            string[] outs = [outA, outB];
            for (int k = 0; k < 2; k++)
            {
                byte[] webBytes = File.ReadAllBytes(Path.Combine(outs[k], stem + "-web.webp"));
                byte[] thumbBytes = File.ReadAllBytes(Path.Combine(outs[k], stem + "-thumb.jpg"));
                bytes[k] += webBytes.Length + thumbBytes.Length;
                using Image webOut = Image.NewFromBuffer(webBytes);
                using Image thumbOut = Image.NewFromBuffer(thumbBytes);
                using Image webRef = full.Resize((double)webOut.Width / full.Width, Enums.Kernel.Lanczos3, vscale: (double)webOut.Height / full.Height);
                double cover = Math.Max(300.0 / full.Width, 300.0 / full.Height);
                using Image coverRef = full.Resize(cover, Enums.Kernel.Lanczos3);
                using Image thumbRef = coverRef.Crop((coverRef.Width - 300) / 2, (coverRef.Height - 300) / 2, 300, 300);
                sums[k] += Psnr(webOut, webRef);
                sums[2 + k] += Psnr(thumbOut, thumbRef);
            }

            n++;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{group.Key} n={n} bytes_a={bytes[0]} bytes_b={bytes[1]} bytes_a_over_b={(double)bytes[0] / bytes[1]:F3} psnr_web_a={sums[0] / n:F2} psnr_web_b={sums[1] / n:F2} psnr_thumb_a={sums[2] / n:F2} psnr_thumb_b={sums[3] / n:F2}"));
    }

    return 0;
}

static double Psnr(Image a, Image b)
{
    using Image diff = a.Cast(Enums.BandFormat.Float) - b.Cast(Enums.BandFormat.Float);
    using Image squared = diff * diff;
    double mse = squared.Avg();
    return mse <= 0 ? 99 : 10 * Math.Log10(255.0 * 255.0 / mse);
}
