using NetVips;

namespace SeedreamBatch.Simulator.Images;

/// <summary>What both renderers share: the label band and the encoding.</summary>
internal static class SimPicture
{
    /// <summary>Writes the title (SKU or subject) and the seed in a dark band at the bottom, sized to the picture.</summary>
    public static Image Label(Image picture, ImageSpec spec)
    {
        var band = Math.Max(12, picture.Height / 8);
        var titlePx = Math.Max(6, band * 2 / 5);
        var subtitlePx = Math.Max(5, band / 4);
        var margin = Math.Max(2, band / 8);
        using var title = Image.Text(PictureLabel.Markup(PictureLabel.Title(spec.Prompt)), font: $"sans bold {titlePx}px",
            width: Math.Max(8, picture.Width - (2 * margin)), height: titlePx + 2);
        using var subtitle = Image.Text(PictureLabel.Markup(PictureLabel.Subtitle(spec)), font: $"sans {subtitlePx}px",
            width: Math.Max(8, picture.Width - (2 * margin)), height: subtitlePx + 2);
        var top = picture.Height - band;
        return picture.Mutate(canvas =>
        {
            canvas.DrawRect([18.0, 18.0, 18.0], 0, top, picture.Width, band, fill: true);
            canvas.DrawMask([250.0, 250.0, 250.0], title, margin, top + margin);
            canvas.DrawMask([200.0, 200.0, 200.0], subtitle, margin, Math.Min(picture.Height - subtitle.Height, top + margin + title.Height + margin));
        });
    }

    public static byte[] Encode(Image picture, ImageSpec spec, int quality) =>
        spec.Format == "png" ? picture.PngsaveBuffer(keep: Enums.ForeignKeep.None) : picture.JpegsaveBuffer(q: quality, keep: Enums.ForeignKeep.None);
}
