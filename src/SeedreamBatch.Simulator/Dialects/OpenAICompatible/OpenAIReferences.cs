using System.Text.Json.Nodes;

namespace SeedreamBatch.Simulator.Dialects.OpenAICompatible;

/// <summary>
/// Every documented reference form: <c>image</c> (string or array), <c>image_url</c> (string, <c>{url}</c> or array),
/// <c>image_urls</c> (array), <c>images</c> (strings, <c>{url}</c> or <c>{image_url}</c> objects). URLs only.
/// </summary>
internal static class OpenAIReferences
{
    public static IReadOnlyList<string> Collect(JsonObject body)
    {
        var urls = new List<string>();
        foreach (var field in (string[])["image", "image_url", "image_urls", "images"])
        {
            if (body[field] is { } node)
            {
                Add(field, node, urls, nested: false);
            }
        }

        foreach (var url in urls)
        {
            if (!ReferenceChecks.IsHttpUrl(url))
            {
                throw SimRequestException.Invalid("image", "references must be http(s) URLs; file upload and data URIs are not supported");
            }
        }

        return urls;
    }

    private static void Add(string field, JsonNode node, List<string> urls, bool nested)
    {
        switch (node)
        {
            case JsonValue v when v.TryGetValue<string>(out var s):
                urls.Add(s);
                break;
            case JsonObject o when field != "image" && field != "image_urls":
                var inner = o["url"] ?? o["image_url"];
                if (inner is JsonValue iv && iv.TryGetValue<string>(out var u))
                {
                    urls.Add(u);
                    break;
                }

                throw SimRequestException.Invalid(field, "an object reference needs a url (or image_url) string");
            case JsonArray a when !nested:
                foreach (var item in a)
                {
                    Add(field, item ?? throw SimRequestException.Invalid(field, "null reference"), urls, nested: true);
                }

                break;
            default:
                throw SimRequestException.Invalid(field, "unsupported reference form");
        }
    }
}
