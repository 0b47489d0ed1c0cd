using SeedreamBatch.Core.Templating;

namespace SeedreamBatch.Core.Jobs;

/// <summary>
/// A row's (or matrix combination's) values as template variables, reachable both plainly
/// (<c>color</c>) and under a prefix (<c>row.color</c>), read in place: nothing is copied per row.
/// </summary>
internal sealed class AliasedLayer(
    IReadOnlyDictionary<string, string> values, string prefix, IVariableScope parent, (string Path, string Value)? extra = null) : IVariableScope
{
    public bool TryGet(string path, out string value)
    {
        if (values.TryGetValue(path, out value!))
        {
            return true;
        }

        if (extra is { } e && e.Path == path)
        {
            value = e.Value;
            return true;
        }

        if (path.Length > prefix.Length && path.StartsWith(prefix, StringComparison.Ordinal)
            && values.TryGetValue(path[prefix.Length..], out value!))
        {
            return true;
        }

        return parent.TryGet(path, out value);
    }
}
