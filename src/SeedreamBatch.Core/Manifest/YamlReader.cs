using System.Globalization;
using System.Numerics;
using SeedreamBatch.Core.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace SeedreamBatch.Core.Manifest;

/// <summary>
/// Typed reads of YAML nodes that never throw: each wrong shape or value becomes a located
/// diagnostic and the read returns null, so one pass reports every problem in a file.
/// </summary>
internal sealed class YamlReader(string file)
{
    private readonly List<Diagnostic> _diagnostics = [];
    private readonly HashSet<string> _suggested = new(StringComparer.Ordinal);

    // Nodes that came from somewhere else than the file (a --set argument): where they really are.
    private readonly Dictionary<YamlNode, SourceLocation> _origins = new(ReferenceEqualityComparer.Instance);

    public string File { get; } = file;

    public IReadOnlyList<Diagnostic> Diagnostics => _diagnostics;

    public bool HasErrors => _diagnostics.Any(d => d.IsError);

    public SourceLocation At(YamlNode node) =>
        _origins.TryGetValue(node, out var origin) ? origin : new(File, (int)node.Start.Line, (int)node.Start.Column);

    /// <summary>Locates <paramref name="node"/> (not its children) at <paramref name="origin"/> instead of the file.</summary>
    public void SetOrigin(YamlNode node, SourceLocation origin) => _origins[node] = origin;

    public void Error(YamlNode node, string message) => _diagnostics.Add(Diagnostic.Error(At(node), message));

    public void Error(SourceLocation at, string message) => _diagnostics.Add(Diagnostic.Error(at, message));

    public void Warning(YamlNode node, string message) => _diagnostics.Add(Diagnostic.Warning(At(node), message));

    public void Warning(SourceLocation at, string message) => _diagnostics.Add(Diagnostic.Warning(at, message));

    public void Add(IEnumerable<Diagnostic> diagnostics) => _diagnostics.AddRange(diagnostics);

    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: "" or "~" or "null" or "Null" or "NULL" };

    /// <summary>
    /// The fields of a mapping, checked against the allowed keys; an unknown key is an error that
    /// suggests the nearest allowed one (a typo must never be silently ignored).
    /// </summary>
    public Dictionary<string, YamlNode>? Fields(YamlNode node, string what, IReadOnlyList<string> allowed)
    {
        if (node is not YamlMappingNode map)
        {
            Error(node, $"{what} must be a mapping (key: value lines), not {Describe(node)}");
            return null;
        }

        var fields = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in map.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key })
            {
                Error(keyNode, $"{what}: keys must be plain words");
                continue;
            }

            if (!allowed.Contains(key))
            {
                var suggestion = Nearest(key, allowed);
                if (suggestion is not null)
                {
                    _suggested.Add(suggestion);
                }

                Error(keyNode, $"unknown key '{key}' in {what}{Suggest(key, allowed)}");
                continue;
            }

            fields[key] = value;
        }

        return fields;
    }

    /// <summary>The entries of a mapping whose keys are user-chosen names (variants, providers, matrix axes).</summary>
    public IReadOnlyList<(YamlScalarNode Key, YamlNode Value)>? Entries(YamlNode node, string what)
    {
        if (node is not YamlMappingNode map)
        {
            Error(node, $"{what} must be a mapping (name: value lines), not {Describe(node)}");
            return null;
        }

        var list = new List<(YamlScalarNode, YamlNode)>();
        foreach (var (keyNode, value) in map.Children)
        {
            if (keyNode is YamlScalarNode scalarKey && !string.IsNullOrEmpty(scalarKey.Value))
            {
                list.Add((scalarKey, value));
            }
            else
            {
                Error(keyNode, $"{what}: keys must be plain names");
            }
        }

        return list;
    }

    public string? String(YamlNode node, string what, bool allowEmpty = false)
    {
        if (node is not YamlScalarNode scalar || IsNull(node))
        {
            Error(node, $"{what} must be text, not {Describe(node)}");
            return null;
        }

        if (!allowEmpty && string.IsNullOrWhiteSpace(scalar.Value))
        {
            Error(node, $"{what} is empty");
            return null;
        }

        return scalar.Value ?? "";
    }

    public string? OneOf(YamlNode node, string what, IReadOnlyList<string> choices)
    {
        var value = String(node, what);
        if (value is null)
        {
            return null;
        }

        if (!choices.Contains(value))
        {
            Error(node, $"{what} '{value}' is not one of: {string.Join(", ", choices)}{Suggest(value, choices)}");
            return null;
        }

        return value;
    }

    public long? Integer(YamlNode node, string what, long min, long max) =>
        Number(node, what, min, max, NumberStyles.AllowLeadingSign, "a whole number", v => v.ToString("N0", CultureInfo.InvariantCulture));

    public int? Int(YamlNode node, string what, int min, int max) => (int?)Integer(node, what, min, max);

    public decimal? Decimal(YamlNode node, string what, decimal min, decimal max) =>
        Number(node, what, min, max, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, "a number", v => v.ToString(CultureInfo.InvariantCulture));

    /// <summary>A plain scalar read as <typeparamref name="T"/> within [<paramref name="min"/>, <paramref name="max"/>], each bound shown by <paramref name="show"/>.</summary>
    private T? Number<T>(YamlNode node, string what, T min, T max, NumberStyles styles, string kind, Func<T, string> show)
        where T : struct, INumber<T>
    {
        if (node is not YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } scalar || IsNull(node)
            || !T.TryParse(scalar.Value, styles, CultureInfo.InvariantCulture, out var value))
        {
            Error(node, $"{what} must be {kind}, not {Describe(node)}");
            return null;
        }

        if (value < min || value > max)
        {
            Error(node, $"{what} must be between {show(min)} and {show(max)}, not {show(value)}");
            return null;
        }

        return value;
    }

    public double? Double(YamlNode node, string what, double min, double max) => (double?)Decimal(node, what, (decimal)min, (decimal)max);

    public bool? Bool(YamlNode node, string what)
    {
        if (node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: { } v })
        {
            switch (v)
            {
                case "true" or "True" or "TRUE":
                    return true;
                case "false" or "False" or "FALSE":
                    return false;
            }
        }

        Error(node, $"{what} must be true or false, not {Describe(node)}");
        return null;
    }

    /// <summary>A sequence's items; a single scalar is accepted as a one-item list where that reads naturally.</summary>
    public IReadOnlyList<YamlNode>? List(YamlNode node, string what, bool allowSingle = false)
    {
        if (node is YamlSequenceNode seq)
        {
            return [.. seq.Children];
        }

        if (allowSingle && node is YamlScalarNode && !IsNull(node))
        {
            return [node];
        }

        Error(node, $"{what} must be a list ([a, b] or '- a' lines), not {Describe(node)}");
        return null;
    }

    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        _ when IsNull(node) => "nothing (null)",
        YamlScalarNode s => $"'{Shorten(s.Value ?? "")}'",
        _ => "this value",
    };

    /// <summary>Whether an unknown key was already reported as a likely typo of <paramref name="key"/>.</summary>
    public bool WasSuggested(string key) => _suggested.Contains(key);

    /// <summary>" (did you mean 'x'?)" for the closest candidate within a small edit distance.</summary>
    public static string Suggest(string typed, IEnumerable<string> candidates) =>
        Nearest(typed, candidates) is { } best ? $" (did you mean '{best}'?)" : "";

    private static string? Nearest(string typed, IEnumerable<string> candidates) =>
        candidates
            .Select(c => (Candidate: c, Distance: EditDistance(typed.ToLowerInvariant(), c.ToLowerInvariant())))
            .Where(x => x.Distance <= Math.Max(2, typed.Length / 3))
            .OrderBy(x => x.Distance)
            .FirstOrDefault().Candidate;

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..37] + "...";

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
