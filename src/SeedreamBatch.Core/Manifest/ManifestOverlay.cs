using System.Text.RegularExpressions;
using SeedreamBatch.Core.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SeedreamBatch.Core.Manifest;

/// <summary>
/// Builds the effective manifest tree: the file, then the overlay chosen with <c>--env</c>, then each <c>--set</c>.
/// The merge happens on the YAML tree before parsing, so every value is checked exactly as if it had been written
/// in the file, and each error points at where the value came from: the overlay's line, or the <c>--set</c>
/// argument (<c>--set:N:col</c> = the Nth <c>--set</c>, column within it).
/// </summary>
internal static partial class ManifestOverlay
{
    /// <summary>The "file" of diagnostics about <c>--set</c> arguments.</summary>
    public const string SetSource = "--set";

    private static readonly YamlScalarNode OverlaysKey = new("overlays");

    /// <summary>The effective root, or null when the overrides cannot be applied (unknown overlay, malformed <c>--set</c>).</summary>
    public static YamlNode? Apply(YamlNode root, ManifestOverrides overrides, YamlReader reader)
    {
        if (root is not YamlMappingNode map)
        {
            return root;
        }

        var effective = new YamlMappingNode();
        YamlNode? overlaysNode = null;
        YamlNode? overlaysKeyNode = null;
        foreach (var (key, value) in map.Children)
        {
            if (key.Equals(OverlaysKey))
            {
                overlaysNode = value;
                overlaysKeyNode = key;
                continue;
            }

            effective.Add(key, value);
        }

        // Every overlay is checked, not only the chosen one: a typo in 'prod' must show on a 'dev' validate.
        var overlays = new Dictionary<string, YamlMappingNode>(StringComparer.Ordinal);
        foreach (var (name, value) in overlaysNode is null ? [] : reader.Entries(overlaysNode, "overlays") ?? [])
        {
            if (reader.Fields(value, $"overlays.{name.Value}", ManifestKeys.Overlay) is not null)
            {
                overlays[name.Value!] = (YamlMappingNode)value;
            }
        }

        var ok = true;
        if (overrides.Environment is { } env)
        {
            if (overlays.TryGetValue(env, out var overlay))
            {
                Merge(effective, overlay);
            }
            else if (overlaysNode is null || !reader.HasErrors)
            {
                var at = overlaysKeyNode is null ? new SourceLocation(reader.File, 1, 1) : reader.At(overlaysKeyNode);
                reader.Error(at, overlays.Count == 0
                    ? $"--env {env}: the manifest has no overlays; add overlays: {{ {env}: {{ ... }} }}"
                    : $"--env {env}: no overlay '{env}' in overlays; defined: {string.Join(", ", overlays.Keys)}{YamlReader.Suggest(env, overlays.Keys)}");
                ok = false;
            }
            else
            {
                ok = false;
            }
        }

        for (var i = 0; i < overrides.Sets.Count; i++)
        {
            ok &= ApplySet(effective, overrides.Sets[i], i + 1, reader);
        }

        return ok ? effective : null;
    }

    /// <summary>The effective tree as YAML text (what <c>--show-effective</c> prints).</summary>
    public static string ToYaml(YamlNode root)
    {
        using var writer = new StringWriter();
        new YamlStream(new YamlDocument(root)).Save(writer, assignAnchors: false);
        var text = writer.ToString().TrimEnd();
        return text.EndsWith("...", StringComparison.Ordinal) ? text[..^3].TrimEnd() + "\n" : text + "\n";
    }

    /// <summary>Overlay mappings merge key by key; anything else (a scalar, a list) replaces; null removes the key.</summary>
    private static void Merge(YamlMappingNode target, YamlMappingNode overlay)
    {
        foreach (var (key, value) in overlay.Children)
        {
            if (YamlReader.IsNull(value))
            {
                target.Children.Remove(key);
            }
            else if (value is YamlMappingNode valueMap && target.Children.TryGetValue(key, out var existing) && existing is YamlMappingNode existingMap)
            {
                // In place: the file's tree is read once and thrown away, and its nodes keep their locations.
                Merge(existingMap, valueMap);
            }
            else
            {
                target.Children[key] = value;
            }
        }
    }

    private static bool ApplySet(YamlMappingNode root, string argument, int index, YamlReader reader)
    {
        SourceLocation At(int column) => new(SetSource, index, column);
        var equals = argument.IndexOf('=', StringComparison.Ordinal);
        var path = equals < 0 ? argument : argument[..equals];
        var parts = path.Split('.');
        if (equals <= 0 || parts.Any(p => !KeyPart().IsMatch(p)))
        {
            reader.Error(At(1), $"--set '{argument}' must be key.path=value, e.g. --set budget.max_cost_usd=25 or --set providers.ark.concurrency=4");
            return false;
        }

        var current = root;
        var column = 1;
        for (var i = 0; i < parts.Length; i++)
        {
            var key = new YamlScalarNode(parts[i]);
            var existingKey = current.Children.Keys.FirstOrDefault(k => k.Equals(key));
            if (existingKey is null)
            {
                reader.SetOrigin(key, At(column));
            }

            if (i == parts.Length - 1)
            {
                var value = ParseValue(argument[(equals + 1)..], equals + 2, index, reader);
                if (value is null)
                {
                    return false;
                }

                current.Children[existingKey ?? key] = value;
                return true;
            }

            // A path through a value that is not a mapping (or not there) makes one, as the file would have to.
            if (existingKey is not null && current.Children[existingKey] is YamlMappingNode child)
            {
                current = child;
            }
            else
            {
                var made = new YamlMappingNode();
                reader.SetOrigin(made, At(column));
                current.Children[existingKey ?? key] = made;
                current = made;
            }

            column += parts[i].Length + 1;
        }

        return true;
    }

    /// <summary>
    /// A value is plain text (numbers and booleans read as written) unless it starts like YAML flow syntax
    /// (<c>[</c>, <c>{</c>, a quote): then it is parsed as YAML, so <c>--set models=[seedream-4.0]</c> is a list and
    /// <c>--set prompt.inline=a: b</c> stays text.
    /// </summary>
    private static YamlNode? ParseValue(string text, int column, int index, YamlReader reader)
    {
        var trimmed = text.TrimStart();
        if (trimmed.Length == 0 || trimmed[0] is not ('[' or '{' or '"' or '\''))
        {
            var scalar = new YamlScalarNode(text) { Style = ScalarStyle.Plain };
            reader.SetOrigin(scalar, new SourceLocation(SetSource, index, column));
            return scalar;
        }

        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            var node = stream.Documents.Count == 0 ? new YamlScalarNode("") : stream.Documents[0].RootNode;
            foreach (var child in node.AllNodes)
            {
                reader.SetOrigin(child, new SourceLocation(SetSource, index, column + (int)child.Start.Column - 1));
            }

            return node;
        }
        catch (YamlException e)
        {
            reader.Error(new SourceLocation(SetSource, index, column + Math.Max(0, (int)e.Start.Column - 1)), $"--set value is not valid YAML: {e.Message}");
            return null;
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex KeyPart();
}
