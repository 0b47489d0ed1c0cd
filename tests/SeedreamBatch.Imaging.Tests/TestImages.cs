using NetVips;

namespace SeedreamBatch.Imaging.Tests;

/// <summary>Real images generated with libvips for the tests; no binary fixtures needed.</summary>
internal static class TestImages
{
    static TestImages() => Vips.EnsureInitialized();

    /// <summary>Reads one pixel (all bands).</summary>
    public static double[] Pixel(Image image, int x, int y) => image.Getpoint(x, y);

    /// <summary>Reads one pixel of an encoded image.</summary>
    public static double[] Pixel(byte[] encoded, int x, int y)
    {
        using Image image = Decode(encoded);
        return Pixel(image, x, y);
    }

    /// <summary>Decodes trusted test bytes fully (fail on errors).</summary>
    public static Image Decode(byte[] encoded) => Image.NewFromBuffer(encoded, failOn: Enums.FailOn.Error);

    /// <summary>The largest value of one band.</summary>
    public static double MaxOfBand(Image image, int band)
    {
        using Image one = image.ExtractBand(band);
        return one.Max();
    }

    /// <summary>
    /// A noisy photo-like JPEG: gradient plus Gaussian noise, so encoders have detail to spend quality on
    /// (a flat colour compresses to the same size at every quality).
    /// </summary>
    public static byte[] NoisyJpeg(int width, int height, int quality = 90, int seed = 1)
    {
        using Image image = Noisy(width, height, seed);
        return image.JpegsaveBuffer(q: quality);
    }

    /// <summary>A noisy sRGB image.</summary>
    public static Image Noisy(int width, int height, int seed = 1)
    {
        using Image noise = Image.Gaussnoise(width, height, mean: 128.0, sigma: 40.0, seed: seed);
        using Image r = noise.Cast(Enums.BandFormat.Uchar);
        using Image xyz = Image.Xyz(width, height);
        using Image x = xyz.ExtractBand(0);
        using Image g = x.Linear([255.0 / width], [0.0], uchar: true);
        using Image b = Solid(width, height, 90);
        using Image rgb = r.Bandjoin(g, b);
        return rgb.Copy(interpretation: Enums.Interpretation.Srgb);
    }

    /// <summary>An 8-bit image of one colour (1 band per ink value); sRGB when it has 3 or 4 bands.</summary>
    public static Image Solid(int width, int height, params double[] ink)
    {
        using Image black = Image.Black(width, height, ink.Length);
        using Image filled = black.NewFromImage(ink);
        using Image uchar = filled.Cast(Enums.BandFormat.Uchar);
        return uchar.Copy(interpretation: ink.Length >= 3 ? Enums.Interpretation.Srgb : Enums.Interpretation.Bw);
    }

    /// <summary>A copy of <paramref name="image"/> with a filled rectangle.</summary>
    public static Image DrawRect(Image image, int left, int top, int width, int height, double[] ink) =>
        image.Mutate(m => m.DrawRect(ink, left, top, width, height, fill: true));

    /// <summary>A solid-colour PNG, optionally with alpha.</summary>
    public static byte[] SolidPng(int width, int height, params double[] ink)
    {
        using Image image = Solid(width, height, ink);
        return image.PngsaveBuffer();
    }
}
