using System.Globalization;
using System.Text;
using System.Xml.Linq;
using SeedreamBatch.Imaging.Interop;

namespace SeedreamBatch.Imaging;

/// <summary>
/// Writes and reads provenance as an XMP packet (JPEG, WebP, AVIF, PNG iTXt) plus PNG text chunks, so a
/// published file can be traced to the job that made it with any XMP viewer or <c>exiftool</c>.
/// </summary>
internal static class ProvenanceMetadata
{
    internal const string Namespace = "https://seedream-batch.dev/ns/provenance/1.0/";
    internal const string XmpField = "xmp-data";
    private const string PngPrefix = "png-comment-";

    private static readonly XNamespace Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    private static readonly XNamespace X = "adobe:ns:meta/";
    private static readonly XNamespace Sb = Namespace;

    internal static byte[] BuildXmp(ImageProvenance provenance)
    {
        var description = new XElement(Rdf + "Description",
            new XAttribute(Rdf + "about", string.Empty),
            new XAttribute(XNamespace.Xmlns + "sb", Sb.NamespaceName),
            new XElement(Sb + "model", provenance.Model),
            new XElement(Sb + "prompt", provenance.Prompt),
            new XElement(Sb + "jobKey", provenance.JobKey));
        if (provenance.Seed is long seed)
        {
            description.Add(new XElement(Sb + "seed", seed.ToString(CultureInfo.InvariantCulture)));
        }

        var meta = new XElement(X + "xmpmeta",
            new XAttribute(XNamespace.Xmlns + "x", X.NamespaceName),
            new XElement(Rdf + "RDF", new XAttribute(XNamespace.Xmlns + "rdf", Rdf.NamespaceName), description));
        string packet = "<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>"
            + meta.ToString(SaveOptions.DisableFormatting)
            + "<?xpacket end=\"w\"?>";
        return Encoding.UTF8.GetBytes(packet);
    }

    /// <summary>Text chunks for PNG: readable by tools that ignore XMP.</summary>
    internal static IEnumerable<(string Field, string Value)> PngText(ImageProvenance provenance)
    {
        int index = 0;
        yield return ($"{PngPrefix}{index++}-seedream:model", provenance.Model);
        yield return ($"{PngPrefix}{index++}-seedream:prompt", provenance.Prompt);
        yield return ($"{PngPrefix}{index++}-seedream:job_key", provenance.JobKey);
        if (provenance.Seed is long seed)
        {
            yield return ($"{PngPrefix}{index}-seedream:seed", seed.ToString(CultureInfo.InvariantCulture));
        }
    }

    internal static ImageProvenance? Read(VipsImage image)
    {
        // libvips 8.14's heifload exposes an AVIF's XMP item as heif-mime-<n> rather than xmp-data.
        IEnumerable<string> xmpFields = image.GetFields()
            .Where(f => f == XmpField || f.StartsWith("heif-mime-", StringComparison.Ordinal));
        foreach (string field in xmpFields)
        {
            if (image.GetBlob(field) is { } xmp && TryReadXmp(xmp, out ImageProvenance? fromXmp))
            {
                return fromXmp;
            }
        }

        return ReadPngText(image);
    }

    private static bool TryReadXmp(byte[] xmp, out ImageProvenance? provenance)
    {
        provenance = null;
        string text = Encoding.UTF8.GetString(xmp).TrimEnd('\0');
        int start = text.IndexOf("<x:xmpmeta", StringComparison.Ordinal);
        int end = text.LastIndexOf("</x:xmpmeta>", StringComparison.Ordinal);
        if (start < 0 || end < start)
        {
            return false;
        }

        XElement meta;
        try
        {
            // XElement.Parse prohibits DTDs, so a hostile packet cannot expand entities.
            meta = XElement.Parse(text[start..(end + "</x:xmpmeta>".Length)]);
        }
        catch (System.Xml.XmlException)
        {
            return false;
        }

        XElement? description = meta.Descendants(Rdf + "Description").FirstOrDefault(d => d.Element(Sb + "jobKey") is not null);
        if (description is null)
        {
            return false;
        }

        string? seed = description.Element(Sb + "seed")?.Value;
        provenance = new ImageProvenance(
            description.Element(Sb + "model")?.Value ?? string.Empty,
            description.Element(Sb + "prompt")?.Value ?? string.Empty,
            seed is null ? null : long.Parse(seed, CultureInfo.InvariantCulture),
            description.Element(Sb + "jobKey")!.Value);
        return true;
    }

    private static ImageProvenance? ReadPngText(VipsImage image)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string field in image.GetFields().Where(f => f.StartsWith(PngPrefix, StringComparison.Ordinal)))
        {
            // png-comment-<n>-<key>
            int dash = field.IndexOf('-', PngPrefix.Length);
            if (dash > 0 && image.GetString(field) is string value)
            {
                values[field[(dash + 1)..]] = value;
            }
        }

        if (!values.TryGetValue("seedream:job_key", out string? jobKey))
        {
            return null;
        }

        return new ImageProvenance(
            values.GetValueOrDefault("seedream:model", string.Empty),
            values.GetValueOrDefault("seedream:prompt", string.Empty),
            values.TryGetValue("seedream:seed", out string? seed) ? long.Parse(seed, CultureInfo.InvariantCulture) : null,
            jobKey);
    }
}
