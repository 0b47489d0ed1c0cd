using System.Globalization;
using System.Text;
using System.Xml.Linq;
using NetVips;

namespace SeedreamBatch.Imaging;

/// <summary>
/// Writes and reads provenance as one XMP packet (JPEG APP1, WebP/AVIF XMP, PNG iTXt), readable with
/// <c>exiftool -XMP-iptcExt:all -XMP-sb:all</c>: the IPTC Extension AI label, and our <c>sb:</c> job fields.
/// PNG also gets the job fields as text chunks, for tools that ignore XMP.
/// </summary>
internal static class ProvenanceMetadata
{
    internal const string Namespace = "https://seedream-batch.dev/ns/provenance/1.0/";
    internal const string IptcExtNamespace = "http://iptc.org/std/Iptc4xmpExt/2008-02-29/";
    internal const string TrainedAlgorithmicMedia = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia";
    internal const string XmpField = "xmp-data";
    private const string PngPrefix = "png-comment-";

    private static readonly XNamespace Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    private static readonly XNamespace X = "adobe:ns:meta/";
    private static readonly XNamespace Sb = Namespace;
    private static readonly XNamespace Iptc = IptcExtNamespace;

    internal static byte[] BuildXmp(ImageProvenance provenance)
    {
        var description = new XElement(Rdf + "Description", new XAttribute(Rdf + "about", string.Empty));
        if (provenance.AiLabel)
        {
            description.Add(
                new XAttribute(XNamespace.Xmlns + "Iptc4xmpExt", IptcExtNamespace),
                new XElement(Iptc + "DigitalSourceType", TrainedAlgorithmicMedia),
                new XElement(Iptc + "AISystemUsed", provenance.AiSystem),
                new XElement(Iptc + "AISystemVersionUsed", provenance.AiSystemVersion));
        }

        if (provenance.JobKey is not null || provenance.Prompt is not null)
        {
            description.Add(new XAttribute(XNamespace.Xmlns + "sb", Sb.NamespaceName));
        }

        if (provenance.JobKey is { } jobKey)
        {
            description.Add(new XElement(Sb + "model", provenance.AiSystemVersion), new XElement(Sb + "jobKey", jobKey));
            if (provenance.Seed is long seed)
            {
                description.Add(new XElement(Sb + "seed", seed.ToString(CultureInfo.InvariantCulture)));
            }
        }

        if (provenance.Prompt is { } prompt)
        {
            description.Add(new XElement(Sb + "prompt", prompt));
        }

        var meta = new XElement(X + "xmpmeta",
            new XAttribute(XNamespace.Xmlns + "x", X.NamespaceName),
            new XElement(Rdf + "RDF", new XAttribute(XNamespace.Xmlns + "rdf", Rdf.NamespaceName), description));
        string packet = "<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>"
            + meta.ToString(SaveOptions.DisableFormatting)
            + "<?xpacket end=\"w\"?>";
        return Encoding.UTF8.GetBytes(packet);
    }

    /// <summary>Text chunks for PNG: the job fields, readable by tools that ignore XMP.</summary>
    internal static IEnumerable<(string Field, string Value)> PngText(ImageProvenance provenance)
    {
        int index = 0;
        if (provenance.JobKey is { } jobKey)
        {
            yield return ($"{PngPrefix}{index++}-seedream:model", provenance.AiSystemVersion);
            yield return ($"{PngPrefix}{index++}-seedream:job_key", jobKey);
            if (provenance.Seed is long seed)
            {
                yield return ($"{PngPrefix}{index++}-seedream:seed", seed.ToString(CultureInfo.InvariantCulture));
            }
        }

        if (provenance.Prompt is { } prompt)
        {
            yield return ($"{PngPrefix}{index}-seedream:prompt", prompt);
        }
    }

    internal static ImageProvenance? Read(Image image)
    {
        // heifload may expose an AVIF's XMP item as heif-mime-<n> rather than xmp-data.
        IEnumerable<string> xmpFields = image.GetFields()
            .Where(f => f == XmpField || f.StartsWith("heif-mime-", StringComparison.Ordinal));
        foreach (string field in xmpFields)
        {
            if (image.Get(field) is byte[] xmp && TryReadXmp(xmp, out ImageProvenance? fromXmp))
            {
                return fromXmp;
            }
        }

        return null;
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

        XElement? description = meta.Descendants(Rdf + "Description")
            .FirstOrDefault(d => d.Element(Sb + "jobKey") is not null || d.Element(Iptc + "DigitalSourceType") is not null || d.Element(Sb + "prompt") is not null);
        if (description is null)
        {
            return false;
        }

        string? seed = description.Element(Sb + "seed")?.Value;
        provenance = new ImageProvenance(
            description.Element(Iptc + "AISystemUsed")?.Value ?? string.Empty,
            description.Element(Iptc + "AISystemVersionUsed")?.Value ?? description.Element(Sb + "model")?.Value ?? string.Empty)
        {
            AiLabel = description.Element(Iptc + "DigitalSourceType")?.Value == TrainedAlgorithmicMedia,
            JobKey = description.Element(Sb + "jobKey")?.Value,
            Seed = seed is null ? null : long.Parse(seed, CultureInfo.InvariantCulture),
            Prompt = description.Element(Sb + "prompt")?.Value,
        };
        return true;
    }
}
