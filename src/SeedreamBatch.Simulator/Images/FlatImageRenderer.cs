using NetVips;

namespace SeedreamBatch.Simulator.Images;

/// <summary>
/// Cheap pictures (<c>--images flat</c>): a background colour, shapes and accent colours from the spec hash, and the
/// label. Drawn at most 512 px on the long side and scaled up, so a 4096² result costs one resize and one encode.
/// </summary>
internal sealed class FlatImageRenderer : ISimImageRenderer
{
    private const int DrawLongSide = 512;

    public FlatImageRenderer() => SeedreamBatch.Imaging.Vips.EnsureInitialized();

    public byte[] Render(ImageSpec spec)
    {
        var hash = spec.Hash;
        var scale = Math.Min(1.0, (double)DrawLongSide / Math.Max(spec.Width, spec.Height));
        var w = Math.Max(16, (int)Math.Round(spec.Width * scale));
        var h = Math.Max(16, (int)Math.Round(spec.Height * scale));
        using var blank = Image.Black(w, h, 3).NewFromImage(Colour(hash, 0, 0.35)).Copy(interpretation: Enums.Interpretation.Srgb);
        using var drawn = blank.Mutate(canvas =>
        {
            var unit = Math.Min(w, h);
            for (var i = 0; i < 7; i++)
            {
                var b = hash.AsSpan(3 + (i * 4), 4);
                var x = b[1] * w / 255;
                var y = b[2] * h / 255;
                var size = unit * (8 + (b[3] % 28)) / 100;
                var ink = Colour(hash, 5 + (i * 3) % 24, 0.9);
                if ((b[0] & 1) == 0)
                {
                    canvas.DrawCircle(ink, x, y, Math.Max(1, size / 2), fill: true);
                }
                else
                {
                    canvas.DrawRect(ink, x - (size / 2), y - (size / 3), Math.Max(1, size), Math.Max(1, size * 2 / 3), fill: true);
                }
            }
        });
        using var labelled = SimPicture.Label(drawn, spec);
        using var full = w == spec.Width && h == spec.Height ? labelled.Copy() : labelled.Resize((double)spec.Width / w, vscale: (double)spec.Height / h);
        return SimPicture.Encode(full, spec, quality: 85);
    }

    private static double[] Colour(byte[] hash, int at, double brightness) =>
        [hash[at] * brightness + 20, hash[at + 1] * brightness + 20, hash[at + 2] * brightness + 20];
}
