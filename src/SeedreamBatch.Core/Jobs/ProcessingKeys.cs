using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using SeedreamBatch.Core.Manifest;

namespace SeedreamBatch.Core.Jobs;

/// <summary>
/// The post-processing recipe's identity: when only this changes, a rerun re-processes the kept
/// originals and pays for nothing.
/// </summary>
public static class ProcessingKeys
{
    public static string Compute(OutputsSpec outputs)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteNumber("v", 1);
            w.WriteBoolean("strip_metadata", outputs.StripMetadata);
            w.WriteStartObject("provenance");
            w.WriteBoolean("ai_label", outputs.Provenance.AiLabel);
            w.WriteBoolean("job", outputs.Provenance.Job);
            w.WriteBoolean("prompt", outputs.Provenance.Prompt);
            w.WriteEndObject();
            w.WriteStartArray("variants");
            foreach (var v in outputs.Variants.OrderBy(v => v.Name, StringComparer.Ordinal))
            {
                w.WriteStartObject();
                w.WriteString("name", v.Name);
                w.WriteString("format", v.Format);
                JobKeys.WriteNullableInt(w, "width", v.Width);
                JobKeys.WriteNullableInt(w, "height", v.Height);
                w.WriteString("fit", v.Fit ?? "");
                w.WriteString("crop", v.Crop ?? "");
                JobKeys.WriteNullableInt(w, "quality", v.Quality);
                JobKeys.WriteNullableInt(w, "effort", v.Effort);
                w.WriteString("background", v.Background ?? "");
                w.WriteString("watermark", v.Watermark?.ToString() ?? "");
                w.WriteEndObject();
            }

            w.WriteEndArray();
            if (outputs.Watermark is { } wm)
            {
                w.WriteStartObject("watermark");
                w.WriteString("image", wm.ImagePath is null ? "" : "sha256:" + HashFile(wm.ImagePath));
                w.WriteString("text", wm.Text ?? "");
                w.WriteString("gravity", wm.Gravity);
                w.WriteString("opacity", wm.Opacity.ToString("R", CultureInfo.InvariantCulture));
                w.WriteString("scale", wm.Scale.ToString("R", CultureInfo.InvariantCulture));
                w.WriteString("margin", wm.Margin.ToString("R", CultureInfo.InvariantCulture));
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        return Convert.ToHexStringLower(SHA256.HashData(stream.ToArray()));
    }

    private static string HashFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
