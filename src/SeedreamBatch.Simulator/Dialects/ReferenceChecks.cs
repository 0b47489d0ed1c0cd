using System.Buffers.Text;

namespace SeedreamBatch.Simulator.Dialects;

/// <summary>Checks on reference images as sent on the wire (the simulator never fetches URLs).</summary>
internal static class ReferenceChecks
{
    private const int MaxDataBytes = 10 * 1024 * 1024;

    public static bool IsHttpUrl(string s) =>
        Uri.TryCreate(s, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps);

    /// <summary>An http(s) URL, or <c>data:image/&lt;fmt&gt;;base64,...</c> of at most 10 MB.</summary>
    public static void UrlOrDataUri(string param, string value)
    {
        if (IsHttpUrl(value))
        {
            return;
        }

        if (!value.StartsWith("data:image/", StringComparison.OrdinalIgnoreCase))
        {
            throw SimRequestException.Invalid(param, "each image must be an http(s) URL or data:image/<format>;base64,<data>");
        }

        var comma = value.IndexOf(',', StringComparison.Ordinal);
        var header = comma < 0 ? "" : value[..comma];
        if (comma < 0 || !header.EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
        {
            throw SimRequestException.Invalid(param, "a data URI must be base64 encoded");
        }

        var payload = value.AsSpan(comma + 1);
        if (!Base64.IsValid(payload, out var decoded))
        {
            throw SimRequestException.Invalid(param, "the data URI is not valid base64");
        }

        if (decoded > MaxDataBytes)
        {
            throw SimRequestException.Invalid(param, "an image is larger than 10 MB");
        }
    }
}
