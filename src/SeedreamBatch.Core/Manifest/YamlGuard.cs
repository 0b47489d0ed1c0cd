using System.Globalization;
using SeedreamBatch.Core.Diagnostics;
using SeedreamBatch.Core.Files;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace SeedreamBatch.Core.Manifest;

/// <summary>
/// One pass over the YAML events before the tree is built: the event parser is iterative, the tree builder is not.
/// Refuses nesting deeper than <see cref="InputLimits.YamlDepth"/> (100,000 brackets would overflow the stack),
/// aliases that multiply the tree past <see cref="InputLimits.YamlExpandedNodes"/> nodes ("billion laughs"), and tags
/// other than YAML's own scalar and collection tags (<c>!include</c> is not a feature: it must not be silently ignored).
/// </summary>
internal static class YamlGuard
{
    private static readonly HashSet<string> KnownTags = new(StringComparer.Ordinal)
    {
        "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
        "tag:yaml.org,2002:null", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "!",
    };

    /// <summary>The first problem, or null. Syntax errors are left to the real parse, which explains them better.</summary>
    public static Diagnostic? Check(string text, string file)
    {
        var parser = new Parser(new StringReader(text));
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);

        // Per open collection: its anchor and the nodes inside it so far (aliases counted at their full size).
        var open = new Stack<(string? Anchor, long Nodes)>();
        long total = 0;
        try
        {
            while (parser.MoveNext())
            {
                var e = parser.Current!;
                Diagnostic At(string message) => Diagnostic.Error(new SourceLocation(file, (int)e.Start.Line, (int)e.Start.Column), message);

                if (e is NodeEvent node && !node.Tag.IsEmpty && !KnownTags.Contains(node.Tag.Value))
                {
                    return At($"YAML tag '{ShortTag(node.Tag.Value)}' is not supported (there is no include or other tag processing); remove it");
                }

                long added;
                switch (e)
                {
                    case MappingStart or SequenceStart:
                        if (open.Count >= InputLimits.YamlDepth)
                        {
                            return At(string.Create(CultureInfo.InvariantCulture, $"YAML nested more than {InputLimits.YamlDepth} levels deep; a manifest needs a handful"));
                        }

                        open.Push((((NodeEvent)e).Anchor.IsEmpty ? null : ((NodeEvent)e).Anchor.Value, 1));
                        continue;
                    case MappingEnd or SequenceEnd:
                        var (anchor, nodes) = open.Pop();
                        if (anchor is not null)
                        {
                            sizes[anchor] = nodes;
                        }

                        added = nodes;
                        break;
                    case Scalar scalar:
                        if (!scalar.Anchor.IsEmpty)
                        {
                            sizes[scalar.Anchor.Value] = 1;
                        }

                        added = 1;
                        break;
                    case AnchorAlias alias:
                        added = sizes.GetValueOrDefault(alias.Value.Value, 1);
                        break;
                    default:
                        continue;
                }

                if (open.Count > 0)
                {
                    var (a, n) = open.Pop();
                    open.Push((a, n + added));
                }
                else
                {
                    total += added;
                }

                if (total + open.Sum(o => o.Nodes) > InputLimits.YamlExpandedNodes)
                {
                    return At(string.Create(CultureInfo.InvariantCulture, $"YAML aliases (*name) expand this manifest past {InputLimits.YamlExpandedNodes:N0} values; write it out instead"));
                }
            }
        }
        catch (Exception ex) when (ex is YamlException or InvalidOperationException or ArgumentException)
        {
            return null;
        }

        return null;
    }

    private static string ShortTag(string tag) =>
        tag.StartsWith("tag:yaml.org,2002:", StringComparison.Ordinal) ? "!!" + tag["tag:yaml.org,2002:".Length..] : tag.Length <= 40 ? tag : tag[..37] + "...";
}
