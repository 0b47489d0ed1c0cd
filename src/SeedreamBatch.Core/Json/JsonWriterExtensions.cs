using System.Text.Json;

namespace SeedreamBatch.Core.Json;

/// <summary>
/// Nullable numbers as JSON <c>null</c> rather than a missing property, so every object has every field (job keys,
/// processing keys, the reports, the review page). Nullable strings need nothing: <see cref="Utf8JsonWriter"/>'s
/// <c>WriteString</c> writes <c>null</c> for a null value.
/// </summary>
public static class JsonWriterExtensions
{
    public static void WriteNumberOrNull(this Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    public static void WriteNumberOrNull(this Utf8JsonWriter json, JsonEncodedText name, long? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    public static void WriteNumberOrNull(this Utf8JsonWriter json, string name, decimal? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
