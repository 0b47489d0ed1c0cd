namespace SeedreamBatch.Core.Templating;

/// <summary>
/// A layer of variables over an optional parent (run → row → matrix combination → job). Lookups fall back to
/// the parent, so a per-job scope costs one small object and never copies the layers beneath it.
/// </summary>
public sealed class VariableScope : IVariableScope
{
    private const int SmallLayer = 8;

    private readonly IVariableScope? _parent;
    private readonly IReadOnlyDictionary<string, string>? _values;

    // A job layer sets a handful of variables (model, size, seed): a short array scan beats creating a dictionary.
    private string[]? _ownKeys;
    private string[]? _ownValues;
    private int _ownCount;
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
        if (_own is not null)
        {
            _own[path] = value;
            return this;
        }

        var index = IndexOfOwn(path);
        if (index >= 0)
        {
            _ownValues![index] = value;
        }
        else if (_ownCount < SmallLayer)
        {
            _ownKeys ??= new string[SmallLayer];
            _ownValues ??= new string[SmallLayer];
            _ownKeys[_ownCount] = path;
            _ownValues[_ownCount++] = value;
        }
        else
        {
            _own = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < _ownCount; i++)
            {
                _own[_ownKeys![i]] = _ownValues![i];
            }

            _own[path] = value;
            _ownKeys = _ownValues = null;
            _ownCount = 0;
        }

        return this;
    }

    public bool TryGet(string path, out string value)
    {
        var index = IndexOfOwn(path);
        if (index >= 0)
        {
            value = _ownValues![index];
            return true;
        }

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

    private int IndexOfOwn(string path)
    {
        for (var i = 0; i < _ownCount; i++)
        {
            if (string.Equals(_ownKeys![i], path, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
