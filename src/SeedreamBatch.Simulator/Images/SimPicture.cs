using NetVips;

namespace SeedreamBatch.Simulator.Images;

/// <summary>What both renderers share: the label band and the encoding.</summary>
internal static class SimPicture
{
    /// <summary>Writes the title (SKU or subject) and the seed in a dark band at the bottom, sized to the picture.</summary>
    public static Image Label(Image picture, ImageSpec spec)
    {
        var band = Math.Max(12, picture.Height / 8);
        var margin = Math.Max(2, band / 10);
        var width = Math.Max(8, picture.Width - (2 * margin));
        using var title = Line(spec.Title, $"sans bold {Math.Max(6, band * 2 / 5)}px", width);
        using var subtitle = Line(PictureLabel.Subtitle(spec), $"sans {Math.Max(5, band / 4)}px", width);
        var top = picture.Height - band;
        return picture.Mutate(canvas =>
        {
            canvas.DrawRect([18.0, 18.0, 18.0], 0, top, picture.Width, band, fill: true);
            canvas.DrawMask([250.0, 250.0, 250.0], title, margin, top + margin);
            canvas.DrawMask([200.0, 200.0, 200.0], subtitle, margin, Math.Min(picture.Height - subtitle.Height, top + (2 * margin) + title.Height));
        });
    }

    /// <summary>One line of text as a mask, shrunk to <paramref name="maxWidth"/> when longer.</summary>
    private static Image Line(string text, string font, int maxWidth)
    {
        using var mask = Image.Text(PictureLabel.Markup(text), font: font, wrap: Enums.TextWrap.None);
        return mask.Width <= maxWidth ? mask.Copy() : mask.Resize((double)maxWidth / mask.Width);
    }

    public static byte[] Encode(Image picture, ImageSpec spec, int quality) =>
        spec.Format == "png" ? picture.PngsaveBuffer(keep: Enums.ForeignKeep.None) : picture.JpegsaveBuffer(q: quality, keep: Enums.ForeignKeep.None);
}
