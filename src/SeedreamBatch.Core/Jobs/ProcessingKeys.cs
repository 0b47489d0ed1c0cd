using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SeedreamBatch.Core.Json;
using SeedreamBatch.Core.Manifest;

namespace SeedreamBatch.Core.Jobs;

/// <summary>
/// The post-processing recipe's identity: when only this changes, a rerun re-processes the kept originals and pays
/// for nothing. Hashed from the recipe as the manifest wrote it (the parser hands each part on as it reads it); keys
/// are stored with every done job, so the bytes hashed never change.
/// </summary>
public static class ProcessingKeys
{
    /// <summary>One <c>outputs.variants</c> entry as written (null: not written), as the key's canonical JSON.</summary>
    public static string Variant(string name, string format, int? width, int? height, string? fit, string? crop, int? quality, int? effort, string? background, bool? watermark) =>
        Json(w =>
        {
            w.WriteStartObject();
            w.WriteString("name", name);
            w.WriteString("format", format);
            w.WriteNumberOrNull("width", width);
            w.WriteNumberOrNull("height", height);
            w.WriteString("fit", fit ?? "");
            w.WriteString("crop", crop ?? "");
            w.WriteNumberOrNull("quality", quality);
            w.WriteNumberOrNull("effort", effort);
            w.WriteString("background", background ?? "");
            w.WriteString("watermark", watermark?.ToString() ?? "");
            w.WriteEndObject();
        });

    /// <summary><c>outputs.watermark</c> as written, the image by its content (its SHA-256), as the key's canonical JSON.</summary>
    public static string Watermark(string? imageSha256, string? text, string gravity, double opacity, double scale, double margin) =>
        Json(w =>
        {
            w.WriteStartObject();
            w.WriteString("image", imageSha256 is null ? "" : "sha256:" + imageSha256);
            w.WriteString("text", text ?? "");
            w.WriteString("gravity", gravity);
            w.WriteString("opacity", opacity.ToString("R", CultureInfo.InvariantCulture));
            w.WriteString("scale", scale.ToString("R", CultureInfo.InvariantCulture));
            w.WriteString("margin", margin.ToString("R", CultureInfo.InvariantCulture));
            w.WriteEndObject();
        });

    /// <param name="variants">Each variant's name and <see cref="Variant"/> JSON, in any order.</param>
    /// <param name="watermark"><see cref="Watermark"/>'s JSON; null without a watermark.</param>
    public static string Compute(bool stripMetadata, ProvenanceSpec provenance, IEnumerable<(string Name, string Json)> variants, string? watermark)
    {
        ArgumentNullException.ThrowIfNull(provenance);
        var json = Json(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("v", 1);
            w.WriteBoolean("strip_metadata", stripMetadata);
            w.WriteStartObject("provenance");
            w.WriteBoolean("ai_label", provenance.AiLabel);
            w.WriteBoolean("job", provenance.Job);
            w.WriteBoolean("prompt", provenance.Prompt);
            w.WriteEndObject();
            w.WriteStartArray("variants");
            foreach (var (_, variant) in variants.OrderBy(v => v.Name, StringComparer.Ordinal))
            {
                w.WriteRawValue(variant);
            }

            w.WriteEndArray();
            if (watermark is not null)
            {
                w.WritePropertyName("watermark");
                w.WriteRawValue(watermark);
            }

            w.WriteEndObject();
        });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
    }

    private static string Json(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            write(w);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
