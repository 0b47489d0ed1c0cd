using System.Text.Json;

namespace SeedreamBatch.Engine.Output;

/// <summary>Nullable numbers as JSON <c>null</c> rather than a missing property: every row has every field.</summary>
internal static class JsonWriterExtensions
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
