using SeedreamBatch.Core.Pricing;
using SeedreamBatch.Providers.Http;

namespace SeedreamBatch.Providers.Results;

/// <summary>Turns a dialect's image list into outputs, the same way for every dialect: images, partial failures, billed usage.</summary>
internal static class ImageResults
{
    /// <summary>
    /// A list where every image failed is a failed job (thrown with the first image's classification, e.g.
    /// content policy); a list with some successes hands failures on as <see cref="ImageFailure"/> items.
    /// </summary>
    public static IReadOnlyList<ProviderOutput> ToOutputs(IReadOnlyList<WireImage> images, ProviderHttp http, PriceEntry? price, int? reportedImages)
    {
        var firstFailure = images.FirstOrDefault(i => i.Failed);
        if (firstFailure is not null && images.All(i => i.Failed))
        {
            throw http.Classified(firstFailure.ErrorCode, firstFailure.ErrorMessage ?? "every image failed");
        }

        if (images.Count == 0)
        {
            // A success without images is something no provider documents; the paid request was accepted, so it may
            // be billed: the engine decides (resume a task by its id) rather than resend on its own.
            throw http.Unknown("no_images", "the provider answered success without any image");
        }

        var outputs = new List<ProviderOutput>(images.Count + 1);
        for (var i = 0; i < images.Count; i++)
        {
            outputs.Add(ToOutput(i, images[i], http));
        }

        if (!outputs.Any(o => o is GeneratedImage))
        {
            // Every image was generated (and billed) but none is readable.
            throw http.Unknown("malformed_image", "no image of the answer could be read");
        }

        outputs.Add(Bill(price, reportedImages ?? images.Count(i => !i.Failed), reportedImages is not null));
        return outputs;
    }

    public static ProviderOutput ToOutput(int index, WireImage image, ProviderHttp http)
    {
        if (image.Failed)
        {
            var code = image.ErrorCode ?? "image_failed";
            return new ImageFailure(index, http.Fail(ProviderErrorKind.PartialFailure, code, image.ErrorMessage ?? "").Error);
        }

        if (image.Base64 is { } b64)
        {
            return DecodeBase64(b64) is { } bytes
                ? new GeneratedImage(index, null, bytes, image.Size)
                // Generated and billed, but unreadable: a failure of this image only, never a reason to pay for the rest again.
                : new ImageFailure(index, http.Unknown("malformed_image", "b64_json is not valid base64").Error);
        }

        var redacted = image.Url is { } url ? http.Redactor.RedactUrl(url) : null;
        return new GeneratedImage(index, image.Url, null, image.Size) { RedactedUrl = redacted == image.Url ? null : redacted };
    }

    public static BilledUsage Bill(PriceEntry? price, int images, bool reported) =>
        new(images, price?.CostOf(images), reported);

    private static byte[]? DecodeBase64(string text)
    {
        // Some gateways hand back a data: URI where a bare base64 string is documented.
        var comma = text.StartsWith("data:", StringComparison.Ordinal) ? text.IndexOf(',', StringComparison.Ordinal) : -1;
        try
        {
            return Convert.FromBase64String(comma >= 0 ? text[(comma + 1)..] : text);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
