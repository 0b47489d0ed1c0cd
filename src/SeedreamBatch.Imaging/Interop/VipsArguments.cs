using System.Collections;

namespace SeedreamBatch.Imaging.Interop;

/// <summary>
/// Named arguments for <see cref="VipsOperation.Call(string, VipsArguments?)"/>, in libvips' names
/// (<c>in</c>, <c>width</c>, <c>Q</c>, <c>fail_on</c>...). Values: <see cref="VipsImage"/>,
/// <see cref="VipsImage"/>[], bool, int, long, double, string (also enum nicks such as <c>"centre"</c>),
/// a C# enum or int for enums, double[]/int[] for arrays, byte[]/<see cref="ReadOnlyMemory{T}"/> for blobs.
/// Naming an optional output (for example <c>autofit_dpi</c>) with any value requests it.
/// </summary>
public sealed class VipsArguments : IEnumerable<KeyValuePair<string, object?>>
{
    private readonly List<KeyValuePair<string, object?>> _items = [];

    /// <summary>Sets (or replaces) an argument; a null value is ignored so optional settings can be passed through.</summary>
    public object? this[string name]
    {
        get => _items.FirstOrDefault(kv => kv.Key == name).Value;
        set
        {
            int index = _items.FindIndex(kv => kv.Key == name);
            if (index >= 0)
            {
                _items.RemoveAt(index);
            }

            if (value is not null)
            {
                _items.Add(new(name, value));
            }
        }
    }

    /// <summary>Number of arguments set.</summary>
    public int Count => _items.Count;

    /// <summary>Collection-initialiser support.</summary>
    public void Add(string name, object? value) => this[name] = value;

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
