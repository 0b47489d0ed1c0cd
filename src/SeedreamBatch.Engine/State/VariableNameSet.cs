using System.Text;
using System.Text.Json;

namespace SeedreamBatch.Engine.State;

/// <summary>
/// The distinct property names of many stored variable objects (<c>jobs.variables_json</c>): manifest.csv's <c>var.*</c>
/// columns. Jobs of one pipeline name the same variables in the same order, so each object's names are compared with the
/// previous object's, unescaped, in place; only a name that differs is decoded and added.
/// </summary>
internal sealed class VariableNameSet
{
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    /// <summary>The previous object's names, in its order, as unescaped UTF-8.</summary>
    private readonly List<byte[]> _previous = [];

    /// <summary>Adds the names of one stored object (anything but an object adds nothing).</summary>
    public void Add(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return;
        }

        var index = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (index >= _previous.Count || !reader.ValueTextEquals(_previous[index]))
            {
                var name = reader.GetString()!;
                _names.Add(name);
                _previous.RemoveRange(index, _previous.Count - index);
                _previous.Add(Encoding.UTF8.GetBytes(name));
            }

            index++;
            reader.Read();
            reader.Skip();
        }
    }

    /// <summary>
    /// The names in the order of their UTF-8 bytes, as SQLite sorts text (UTF-16 ordinal order differs past U+FFFF).
    /// </summary>
    public IReadOnlyList<string> Sorted() =>
        [.. _names.Select(n => (Name: n, Bytes: Encoding.UTF8.GetBytes(n)))
            .Order(Comparer<(string Name, byte[] Bytes)>.Create((a, b) => a.Bytes.AsSpan().SequenceCompareTo(b.Bytes)))
            .Select(n => n.Name)];
}
