using SeedreamBatch.Imaging.Interop;

namespace SeedreamBatch.Imaging.Tests;

/// <summary>Real images generated with libvips for the tests; no binary fixtures needed.</summary>
internal static class TestImages
{
    /// <summary>Reads one pixel (all bands).</summary>
    public static double[] Pixel(VipsImage image, int x, int y)
    {
        using VipsResult result = VipsOperation.Call("getpoint", new VipsArguments { ["in"] = image, ["x"] = x, ["y"] = y });
        return result.Get<double[]>("out_array");
    }

    /// <summary>Reads one pixel of an encoded image.</summary>
    public static double[] Pixel(byte[] encoded, int x, int y)
    {
        using VipsImage image = VipsImage.FromBuffer(encoded);
        return Pixel(image, x, y);
    }

    /// <summary>
    /// A noisy photo-like JPEG: gradient plus Gaussian noise, so encoders have detail to spend quality on
    /// (a flat colour compresses to the same size at every quality).
    /// </summary>
    public static byte[] NoisyJpeg(int width, int height, int quality = 90, int seed = 1)
    {
        using VipsImage image = Noisy(width, height, seed);
        return image.ToJpeg(quality);
    }

    /// <summary>A noisy sRGB image.</summary>
    public static VipsImage Noisy(int width, int height, int seed = 1)
    {
        using VipsImage noise = VipsOperation.CallImage("gaussnoise", new VipsArguments
        {
            ["width"] = width, ["height"] = height, ["mean"] = 128.0, ["sigma"] = 40.0, ["seed"] = seed,
        });
        using VipsImage r = noise.Call("cast", new VipsArguments { ["format"] = "uchar" });
        using VipsImage xyz = VipsOperation.CallImage("xyz", new VipsArguments { ["width"] = width, ["height"] = height });
        using VipsImage x = xyz.Call("extract_band", new VipsArguments { ["band"] = 0 });
        using VipsImage g = x.Call("linear", new VipsArguments { ["a"] = 255.0 / width, ["b"] = 0.0, ["uchar"] = true });
        using VipsImage b = VipsImage.Solid(width, height, 90);
        using VipsResult joined = VipsOperation.Call("bandjoin", new VipsArguments { ["in"] = new[] { r, g, b } });
        using VipsImage rgb = joined.TakeImage();
        return rgb.Copy("srgb");
    }

    /// <summary>A solid-colour PNG, optionally with alpha.</summary>
    public static byte[] SolidPng(int width, int height, params double[] ink)
    {
        using VipsImage image = VipsImage.Solid(width, height, ink);
        return image.ToPng();
    }
}
