using CsvHelper;

namespace SeedreamBatch.Engine.Output;

/// <summary>
/// The image columns of Shopify's product CSV import: <c>Handle</c>, <c>Image Src</c>, <c>Image Position</c>,
/// <c>Image Alt Text</c>. As Shopify documents the format, a product's first image is on a row with its handle and every
/// further image is an extra row with the same handle and only the image columns; positions count from 1 per product;
/// alt text is at most 512 characters.
/// </summary>
public static class ShopifyImageCsv
{
    /// <summary>Shopify's limit for <c>Image Alt Text</c>.</summary>
    public const int MaxAltLength = 512;

    public static readonly IReadOnlyList<string> Columns = ["Handle", "Image Src", "Image Position", "Image Alt Text"];

    /// <summary>Writes <paramref name="images"/>, grouped by handle (products in order of first appearance); returns the alt texts cut to 512.</summary>
    public static int Write(Stream stream, IEnumerable<ExportImage> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        // GroupBy keeps the order of first appearance, and each product's images in their order.
        var products = images.GroupBy(i => i.Handle, StringComparer.Ordinal).Select(g => (Handle: g.Key, Images: g.ToList())).ToList();
        var cut = 0;
        using var csv = CsvWriter.Create(stream, new CsvWriterOptions { WriteByteOrderMark = false }, leaveOpen: true);
        foreach (var column in Columns)
        {
            csv.WriteField(column);
        }

        csv.EndRecord();
        foreach (var (handle, list) in products)
        {
            for (var i = 0; i < list.Count; i++)
            {
                var alt = list[i].Alt;
                if (alt.Length > MaxAltLength)
                {
                    alt = alt[..MaxAltLength];
                    cut++;
                }

                csv.WriteField(handle);
                csv.WriteField(list[i].Source);
                csv.WriteField((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
                csv.WriteField(alt);
                csv.EndRecord();
            }
        }

        csv.Flush();
        return cut;
    }
}
