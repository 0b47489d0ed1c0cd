using System.Text.Json;
using System.Text.Json.Nodes;

namespace SeedreamBatch.Providers.Http;

/// <summary>
/// Reads answers whose exact shape is not documented (Sinan, KIE task results): the first of several candidate
/// fields, and every result URL in a subtree, without mistaking the echoed request's reference URLs for results.
/// </summary>
internal static class JsonTolerant
{
    // Keys whose URLs are inputs or plumbing, never results.
    private static readonly HashSet<string> InputKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "request", "input", "param", "params", "images_input", "image_urls_input", "reference_images",
        "callback_url", "callBackUrl", "callback", "prompt",
    };

    /// <summary>The first non-empty string (or number) at any of the dotted paths.</summary>
    public static string? FirstString(JsonNode? root, params string[] paths)
    {
        foreach (var path in paths)
        {
            if (ErrorBody.Text(At(root, path)) is { Length: > 0 } text)
            {
                return text;
            }
        }

        return null;
    }

    public static JsonNode? FirstNode(JsonNode? root, params string[] paths)
    {
        return paths.Select(path => At(root, path)).FirstOrDefault(node => node is not null);
    }

    private static JsonNode? At(JsonNode? root, string dottedPath)
    {
        var node = root;
        foreach (var part in dottedPath.Split('.'))
        {
            node = node is JsonObject obj ? obj[part] : null;
        }

        return node;
    }

    /// <summary>Every http(s) URL under <paramref name="node"/>, in order, once each; JSON held in strings is opened too (KIE <c>resultJson</c>).</summary>
    public static IReadOnlyList<string> ResultUrls(JsonNode? node)
    {
        var urls = new List<string>();
        Collect(node, urls);
        return urls.Distinct(StringComparer.Ordinal).ToArray();
    }

    private static void Collect(JsonNode? node, List<string> urls)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    if (!InputKeys.Contains(key))
                    {
                        Collect(child, urls);
                    }
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Collect(child, urls);
                }

                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                var text = value.GetValue<string>().Trim();
                if (text.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
                {
                    urls.Add(text);
                }
                else if (text.StartsWith('{') || text.StartsWith('['))
                {
                    Collect(TryParse(text), urls);
                }

                break;
        }
    }

    private static JsonNode? TryParse(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
