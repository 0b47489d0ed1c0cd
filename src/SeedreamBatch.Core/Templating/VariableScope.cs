namespace SeedreamBatch.Core.Templating;

/// <summary>
/// A layer of variables over an optional parent (run → row → matrix combination → job). Lookups fall back to
/// the parent, so a per-job scope costs one small object and never copies the layers beneath it.
/// </summary>
public sealed class VariableScope : IVariableScope
{
    private readonly IVariableScope? _parent;
    private readonly IReadOnlyDictionary<string, string>? _values;
    private Dictionary<string, string>? _own;

    public VariableScope(IVariableScope? parent = null)
    {
        _parent = parent;
    }

    /// <summary>A layer that reads <paramref name="values"/> in place (e.g. a row's values) without copying them.</summary>
    public VariableScope(IReadOnlyDictionary<string, string> values, IVariableScope? parent = null)
    {
        _values = values;
        _parent = parent;
    }

    /// <summary>Sets a variable in this layer; it hides the same path in the given values and in the parent.</summary>
    public VariableScope Set(string path, string value)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(value);
        (_own ??= new Dictionary<string, string>(StringComparer.Ordinal))[path] = value;
        return this;
    }

    public bool TryGet(string path, out string value)
    {
        if (_own is not null && _own.TryGetValue(path, out value!))
        {
            return true;
        }

        if (_values is not null && _values.TryGetValue(path, out value!))
        {
            return true;
        }

        if (_parent is not null)
        {
            return _parent.TryGet(path, out value);
        }

        value = string.Empty;
        return false;
    }
}
