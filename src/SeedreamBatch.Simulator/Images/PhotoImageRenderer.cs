using NetVips;

namespace SeedreamBatch.Simulator.Images;

/// <summary>
/// Photo-like pictures (the default): natural-image statistics, so post-processing and its benchmarks pay what
/// they pay on real model output. Two multi-octave (1/f) noise fields colour a background and the objects;
/// objects have hard, slightly soft-focus edges; film grain covers everything. The smooth parts are computed at
/// half size (they have no detail to lose), the grain and edges at full size. About 0.75 CPU-s and 1.4 MB for a
/// 2048² JPEG at q90.
/// </summary>
internal sealed class PhotoImageRenderer : ISimImageRenderer
{
    private static readonly int[] Cells = [256, 128, 64, 32, 16, 8];

    public PhotoImageRenderer() => SeedreamBatch.Imaging.Vips.EnsureInitialized();

    public bool Cheap => false;

    public byte[] Render(ImageSpec spec)
    {
        var hash = spec.Hash;
        var random = new Random(BitConverter.ToInt32(hash, 0));
        var seed = BitConverter.ToInt32(hash, 4) & 0x7FFFFFFF;
        var w = Math.Max(8, (spec.Width + 1) / 2);
        var h = Math.Max(8, (spec.Height + 1) / 2);

        using var field1 = Octaves(w, h, seed);
        using var field2 = Octaves(w, h, seed ^ 0x5bd1e995);
        using var background = Mix(field1, field2, random);
        using var objectTexture = field2.Linear([50.0, 50.0, 50.0], Colour(random, 30, 200));
        using var mask = Shapes(w, h, random);
        using var softMask = mask.Gaussblur(1.2);
        using var weight = softMask.Linear([1.0 / 255], [0.0]);
        using var inverse = weight.Linear([-1.0], [1.0]);
        using var back = background.Multiply(inverse);
        using var front = objectTexture.Multiply(weight);
        using var half = back.Add(front);

        using var upscaled = half.Resize(2, Enums.Kernel.Linear);
        using var full = upscaled.Crop(0, 0, Math.Min(upscaled.Width, spec.Width), Math.Min(upscaled.Height, spec.Height));
        using var grain = Image.Gaussnoise(full.Width, full.Height, mean: 0, sigma: 8, seed: seed);
        using var grainy = full.Add(grain);
        using var picture = grainy.Cast(Enums.BandFormat.Uchar).Copy(interpretation: Enums.Interpretation.Srgb);
        using var labelled = SimPicture.Label(picture, spec);
        return SimPicture.Encode(labelled, spec, quality: 90);
    }

    /// <summary>Perlin noise summed over octaves with amplitude 0.55ⁿ; each octave is made at 8 px cells and scaled up.</summary>
    private static Image Octaves(int width, int height, int seed)
    {
        Image? sum = null;
        var amplitude = 1.0;
        foreach (var cell in Cells)
        {
            var down = Math.Max(1, cell / 8);
            using var noise = Image.Perlin(((width + down - 1) / down) + 1, ((height + down - 1) / down) + 1, cellSize: 8, seed: seed + cell);
            using var up = down > 1 ? noise.Resize(down, Enums.Kernel.Linear) : noise.Copy();
            using var octave = up.Crop(0, 0, width, height);
            var scaled = octave.Linear([amplitude], [0.0]);
            if (sum is null)
            {
                sum = scaled;
            }
            else
            {
                var next = sum.Add(scaled);
                sum.Dispose();
                scaled.Dispose();
                sum = next;
            }

            amplitude *= 0.55;
        }

        return sum!;
    }

    private static Image Mix(Image field1, Image field2, Random random)
    {
        using var a = field1.Linear(Colour(random, -30, 60), Colour(random, 40, 150));
        using var b = field2.Linear(Colour(random, -30, 60), [0.0, 0.0, 0.0]);
        return a.Add(b);
    }

    private static Image Shapes(int width, int height, Random random)
    {
        using var black = Image.Black(width, height);
        return black.Mutate(canvas =>
        {
            var unit = Math.Min(width, height);
            for (var i = 0; i < 6; i++)
            {
                var x = random.Next(width);
                var y = random.Next(height);
                var r = Math.Max(2, (int)((0.08 + (0.2 * random.NextDouble())) * unit));
                if (random.NextDouble() < 0.5)
                {
                    canvas.DrawCircle([255.0], x, y, r, fill: true);
                }
                else
                {
                    canvas.DrawRect([255.0], x - r, y - (r / 2), 2 * r, r, fill: true);
                }
            }
        });
    }

    private static double[] Colour(Random random, double from, double span) =>
        [from + (span * random.NextDouble()), from + (span * random.NextDouble()), from + (span * random.NextDouble())];
}
