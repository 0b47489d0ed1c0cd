using System.Text.RegularExpressions;

namespace SeedreamBatch.Core.Providers;

/// <summary>
/// Credentials inside URLs: a user name or password (<c>user:pass@host</c>) or a query parameter named like a key.
/// A manifest's URL with one is refused without echoing it; a provider's result URL has them masked before it is
/// stored (the state store, manifests and logs outlive the run and travel further than the key should).
/// </summary>
public static partial class UrlSecrets
{
    public const string Mask = "***";

    /// <summary>What secret <paramref name="url"/> carries, in words (never the secret itself), or null.</summary>
    public static string? Find(string url)
    {
        var (authorityStart, authorityEnd) = Authority(url);
        if (url.AsSpan(authorityStart, authorityEnd - authorityStart).Contains('@'))
        {
            return "a user name or password (user:pass@)";
        }

        foreach (var (name, _, _) in QueryParameters(url))
        {
            if (CredentialName().IsMatch(name))
            {
                return $"a credential in its query string ('{name}')";
            }
        }

        return null;
    }

    /// <summary>
    /// <paramref name="url"/> with <paramref name="apiKey"/> (plain or URL-encoded), any user info and the values of
    /// key-like query parameters replaced by <see cref="Mask"/>. Signatures of pre-signed URLs are kept: they expire
    /// with the URL and are what lets a crashed run fetch its paid images again.
    /// </summary>
    public static string Redact(string url, string? apiKey)
    {
        if (!string.IsNullOrEmpty(apiKey) && apiKey.Length >= 6)
        {
            url = url.Replace(apiKey, Mask, StringComparison.Ordinal).Replace(Uri.EscapeDataString(apiKey), Mask, StringComparison.Ordinal);
        }

        var (authorityStart, authorityEnd) = Authority(url);
        var at = url.LastIndexOf('@', authorityEnd - 1, authorityEnd - authorityStart);
        if (at >= authorityStart)
        {
            url = url[..authorityStart] + Mask + url[at..];
        }

        foreach (var (name, valueStart, valueEnd) in Enumerable.Reverse(QueryParameters(url)))
        {
            if (StoredCredentialName().IsMatch(name) && valueEnd > valueStart)
            {
                url = url[..valueStart] + Mask + url[valueEnd..];
            }
        }

        return url;
    }

    private static (int Start, int End) Authority(string url)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        var start = schemeEnd < 0 ? 0 : schemeEnd + 3;
        var end = url.IndexOfAny(['/', '?', '#'], start);
        return (start, end < 0 ? url.Length : end);
    }

    /// <summary>Each query parameter's normalised name (lower case, '-' as '_') and where its value is.</summary>
    private static List<(string Name, int ValueStart, int ValueEnd)> QueryParameters(string url)
    {
        var list = new List<(string, int, int)>();
        var query = url.IndexOf('?', StringComparison.Ordinal);
        if (query < 0)
        {
            return list;
        }

        var end = url.IndexOf('#', query);
        end = end < 0 ? url.Length : end;
        var start = query + 1;
        while (start <= end)
        {
            var amp = url.IndexOf('&', start, end - start);
            var pairEnd = amp < 0 ? end : amp;
            var equals = url.IndexOf('=', start, pairEnd - start);
            var rawName = url[start..(equals < 0 ? pairEnd : equals)];
            string name;
            try
            {
                name = Uri.UnescapeDataString(rawName);
            }
            catch (UriFormatException)
            {
                name = rawName;
            }

            list.Add((name.ToLowerInvariant().Replace('-', '_'), equals < 0 ? pairEnd : equals + 1, pairEnd));
            start = pairEnd + 1;
        }

        return list;
    }

    [GeneratedRegex("(^|_)(api_?key|apikey|key|token|access_token|auth|authorization|secret|password|passwd|pwd|signature|sig|bearer|credential|credentials)$")]
    private static partial Regex CredentialName();

    [GeneratedRegex("(^|_)(api_?key|apikey|key|token|access_token|auth|authorization|secret|password|passwd|pwd|bearer)$")]
    private static partial Regex StoredCredentialName();
}
