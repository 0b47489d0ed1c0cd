using System.Text;
using System.Text.Json;

namespace SeedreamBatch.Core.Rows;

/// <summary>
/// Turns one JSON object, token by token, into row variables. Fed token by token (not from a DOM) so a large array
/// streams through a small buffer. Rules: nested objects flatten to dotted keys (<c>product.name</c>); strings as
/// written; numbers as their JSON text (<c>19.90</c> stays <c>19.90</c>, it is not re-formatted); booleans
/// <c>true</c>/<c>false</c>; null means the key is missing (so <c>default</c> applies); arrays are an error, because
/// there is no one obvious text for a list; a key given twice (also via flattening) is an error.
/// </summary>
internal sealed class JsonRowBuilder
{
    private readonly List<string> _prefixes = [];
    private Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private string _key = string.Empty;

    /// <summary>Inside a row object: the next tokens belong to it.</summary>
    public bool InObject => _prefixes.Count > 0;

    /// <summary>Call at the row's <c>{</c>.</summary>
    public void Start()
    {
        _values = new Dictionary<string, string>(StringComparer.Ordinal);
        _prefixes.Clear();
        _prefixes.Add(string.Empty);
    }

    /// <summary>
    /// Consumes the reader's current token. Returns the finished values at the row's closing <c>}</c>; sets
    /// <paramref name="error"/> when the token is not allowed (the caller knows where it is).
    /// </summary>
    public Dictionary<string, string>? Feed(ref Utf8JsonReader reader, out string? error)
    {
        error = null;
        switch (reader.TokenType)
        {
            case JsonTokenType.PropertyName:
                _key = _prefixes[^1] + reader.GetString();
                break;
            case JsonTokenType.StartObject:
                _prefixes.Add(_key + ".");
                break;
            case JsonTokenType.EndObject:
                _prefixes.RemoveAt(_prefixes.Count - 1);
                return _prefixes.Count == 0 ? _values : null;
            case JsonTokenType.StartArray:
                error = $"'{_key}' is an array; row values must be strings, numbers, booleans, null or objects";
                break;
            case JsonTokenType.String:
                error = Add(reader.GetString()!);
                break;
            case JsonTokenType.Number:
                error = Add(Encoding.UTF8.GetString(reader.ValueSpan));
                break;
            case JsonTokenType.True:
                error = Add("true");
                break;
            case JsonTokenType.False:
                error = Add("false");
                break;
            case JsonTokenType.Null:
                break;
            default:
                error = $"unexpected {reader.TokenType} in a row object";
                break;
        }

        return null;
    }

    private string? Add(string value) =>
        _values.TryAdd(_key, value) ? null : $"key '{_key}' appears twice in this object";
}
