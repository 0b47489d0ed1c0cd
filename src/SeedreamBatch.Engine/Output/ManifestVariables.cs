using System.Buffers;
using System.Text;
using System.Text.Json;

namespace SeedreamBatch.Engine.Output;

/// <summary>
/// A job's variables as the manifests write them: the <c>variables</c> cell of manifest.csv (the JSON text
/// <see cref="JsonSerializer"/> makes of them), the name/value pairs of manifest.json in the order the store's reader has
/// always given them (a <see cref="SortedDictionary{TKey, TValue}"/> with the default comparer), and the value per name
/// for the <c>var.*</c> columns — all as UTF-8.
/// </summary>
/// <remarks>
/// From the store (<see cref="LoadStored"/>) the usual <c>variables_json</c> — plain ASCII names and values, nothing
/// escaped, names already in that order — is used as it is: its text is the cell, its bytes the pairs, with no parse
/// into strings and no serialising again. Anything else (escapes, non-ASCII, another order, another shape) is parsed as
/// it always was, so the bytes written are the same either way.
/// </remarks>
internal sealed class ManifestVariables
{
    /// <summary>ASCII that no JSON encoder used here escapes (not <c>" \ &lt; &gt; &amp; ' + `</c>, no control characters).</summary>
    private static readonly SearchValues<byte> Plain = SearchValues.Create(
        Enumerable.Range(0x20, 0x7F - 0x20).Select(b => (byte)b).Where(b => !"\"\\<>&'+`"u8.Contains(b)).ToArray());

    private readonly List<(int Name, int NameLength, int Value, int ValueLength)> _pairs = [];
    private byte[] _text = new byte[512];
    private int _used;
    private int _jsonLength;
    private IReadOnlyDictionary<string, string>? _parsed;

    /// <summary>The names of the last stored object checked, NUL-separated, and whether they were in the reader's order.</summary>
    private byte[] _checkedNames = [];
    private bool _checkedInOrder = true;

    /// <summary>The <c>variables</c> cell: the variables as <see cref="JsonSerializer"/> writes them.</summary>
    public ReadOnlySpan<byte> Json => _text.AsSpan(0, _jsonLength);

    public int Count => _pairs.Count;

    public ReadOnlySpan<byte> Name(int i) => _text.AsSpan(_pairs[i].Name, _pairs[i].NameLength);

    public ReadOnlySpan<byte> Value(int i) => _text.AsSpan(_pairs[i].Value, _pairs[i].ValueLength);

    /// <summary>The value of variable <paramref name="name"/> (<paramref name="nameUtf8"/> its UTF-8); false when the job has none.</summary>
    public bool TryGetValue(string name, ReadOnlySpan<byte> nameUtf8, out ReadOnlySpan<byte> value)
    {
        if (_parsed is not null)
        {
            // The dictionary's own look-up, as before (its comparer decides).
            if (_parsed.TryGetValue(name, out var text))
            {
                var at = _used;
                Append(text);
                value = _text.AsSpan(at, _used - at);
                return true;
            }

            value = default;
            return false;
        }

        for (var i = 0; i < _pairs.Count; i++)
        {
            if (Name(i).SequenceEqual(nameUtf8))
            {
                value = Value(i);
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>Variables given as a dictionary (a <see cref="State.ManifestRow"/>): its order, its look-up.</summary>
    public void Load(IReadOnlyDictionary<string, string> variables)
    {
        _pairs.Clear();
        _used = 0;
        Append(JsonSerializer.Serialize(variables));
        _jsonLength = _used;
        foreach (var (name, value) in variables)
        {
            var nameAt = _used;
            Append(name);
            var valueAt = _used;
            Append(value);
            _pairs.Add((nameAt, valueAt - nameAt, valueAt, _used - valueAt));
        }

        _parsed = variables;
    }

    /// <summary>A job's <c>variables_json</c> as the store holds it.</summary>
    public void LoadStored(ReadOnlySpan<byte> json)
    {
        if (!TryLoadPlain(json))
        {
            Load(JsonSerializer.Deserialize<SortedDictionary<string, string>>(json) ?? []);
        }
    }

    /// <summary>The usual case without parsing into strings; false (nothing kept) when the text is not the usual shape.</summary>
    private bool TryLoadPlain(ReadOnlySpan<byte> json)
    {
        _pairs.Clear();
        _parsed = null;

        // The cell is rebuilt compactly as it goes ({"a":"1","b":"2"}), the pairs pointing into it.
        _used = 0;
        Reserve(json.Length + 2);
        _text[_used++] = (byte)'{';
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!IsPlain(ref reader) || !reader.Read() || reader.TokenType != JsonTokenType.String || !IsPlain(ref reader))
            {
                return false;
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
        {
            return false;
        }

        // Second walk, now that the shape is known: copy the pairs.
        reader = new Utf8JsonReader(json);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (_pairs.Count > 0)
            {
                _text[_used++] = (byte)',';
            }

            var nameLength = reader.ValueSpan.Length;
            var nameAt = CopyQuoted(reader.ValueSpan);
            _text[_used++] = (byte)':';
            reader.Read();
            var valueAt = CopyQuoted(reader.ValueSpan);
            _pairs.Add((nameAt, nameLength, valueAt, reader.ValueSpan.Length));
        }

        _text[_used++] = (byte)'}';
        _jsonLength = _used;
        return InReaderOrder();
    }

    private static bool IsPlain(ref Utf8JsonReader reader) =>
        !reader.ValueIsEscaped && !reader.HasValueSequence && !reader.ValueSpan.ContainsAnyExcept(Plain);

    /// <summary>Copies <c>"text"</c>; returns where the text (after the quote) starts.</summary>
    private int CopyQuoted(ReadOnlySpan<byte> text)
    {
        _text[_used++] = (byte)'"';
        var at = _used;
        text.CopyTo(_text.AsSpan(_used));
        _used += text.Length;
        _text[_used++] = (byte)'"';
        return at;
    }

    /// <summary>
    /// Whether the names come in the order the reader's <see cref="SortedDictionary{TKey, TValue}"/> (default comparer)
    /// would list them, strictly. Jobs of one catalog share their names, so the answer is kept for the last list seen.
    /// </summary>
    private bool InReaderOrder()
    {
        var length = 0;
        for (var i = 0; i < _pairs.Count; i++)
        {
            length += _pairs[i].NameLength + 1;
        }

        Span<byte> names = length <= 512 ? stackalloc byte[length] : new byte[length];
        var n = 0;
        for (var i = 0; i < _pairs.Count; i++)
        {
            Name(i).CopyTo(names[n..]);
            n += _pairs[i].NameLength;
            names[n++] = 0;
        }

        if (!names.SequenceEqual(_checkedNames))
        {
            _checkedNames = names.ToArray();
            _checkedInOrder = true;
            for (var i = 1; i < _pairs.Count && _checkedInOrder; i++)
            {
                _checkedInOrder = Comparer<string>.Default.Compare(Encoding.UTF8.GetString(Name(i - 1)), Encoding.UTF8.GetString(Name(i))) < 0;
            }
        }

        return _checkedInOrder;
    }

    private void Append(string text)
    {
        Reserve(Encoding.UTF8.GetMaxByteCount(text.Length));
        _used += Encoding.UTF8.GetBytes(text, _text.AsSpan(_used));
    }

    private void Reserve(int bytes)
    {
        if (_text.Length - _used < bytes)
        {
            Array.Resize(ref _text, Math.Max(_text.Length * 2, _used + bytes));
        }
    }
}
