using System.Text.RegularExpressions;
using SeedreamBatch.Core.Providers;

namespace SeedreamBatch.Providers.Http;

/// <summary>
/// Scrubs the API key out of any text that leaves an adapter (exception messages, log lines). Providers
/// echo tokens in some errors ("invalid token sk-..."), so response text is scrubbed too, not only our own.
/// </summary>
internal sealed partial class SecretRedactor(string? secret)
{
    public const string Mask = "***";

    private readonly string? _secret = string.IsNullOrEmpty(secret) || secret.Length < 6 ? null : secret;

    public static SecretRedactor None { get; } = new(null);

    public string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        if (_secret is not null)
        {
            text = text.Replace(_secret, Mask, StringComparison.Ordinal);
        }

        return BearerToken().Replace(text, "$1 " + Mask);
    }

    /// <summary>A result URL as it may be stored: the key and any credential in it masked (<see cref="UrlSecrets.Redact"/>).</summary>
    public string RedactUrl(string url) => UrlSecrets.Redact(url, _secret);

    [GeneratedRegex(@"\b(Bearer|Key|Token)\s+(?!\*\*\*)[A-Za-z0-9._~+/=\-]{6,}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BearerToken();
}
