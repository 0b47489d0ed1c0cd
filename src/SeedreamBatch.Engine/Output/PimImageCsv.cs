using System.Globalization;
using CsvHelper;

namespace SeedreamBatch.Engine.Output;

/// <summary>
/// A product-information-management import: one row per image, with its product handle, alt text, job, model, size,
/// one <c>var.&lt;name&gt;</c> column per variable and one <c>path.&lt;variant&gt;</c> column per variant.
/// </summary>
public static class PimImageCsv
{
    public static void Write(Stream stream, IReadOnlyList<ExportImage> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var variables = images.SelectMany(i => i.Variables.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var variants = images.SelectMany(i => i.PathsByVariant.Keys).Distinct(StringComparer.Ordinal)
            .OrderBy(v => v == "original" ? 0 : 1).ThenBy(v => v, StringComparer.Ordinal).ToList();
        using var csv = CsvWriter.Create(stream, new CsvWriterOptions { WriteByteOrderMark = false }, leaveOpen: true);
        foreach (var column in new[] { "handle", "jobKey", "imageIndex", "model", "size", "alt" }
            .Concat(variables.Select(v => ManifestCsvWriter.VariablePrefix + v)).Concat(variants.Select(v => "path." + v)))
        {
            csv.WriteField(column);
        }

        csv.EndRecord();
        foreach (var image in images)
        {
            csv.WriteField(image.Handle);
            csv.WriteField(image.JobKey);
            csv.WriteField(image.ImageIndex.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(image.Model);
            csv.WriteField(image.Size);
            csv.WriteField(image.Alt);
            foreach (var name in variables)
            {
                csv.WriteField(image.Variables.GetValueOrDefault(name) ?? "");
            }

            foreach (var variant in variants)
            {
                csv.WriteField(image.PathsByVariant.GetValueOrDefault(variant) ?? "");
            }

            csv.EndRecord();
        }

        csv.Flush();
    }
}
