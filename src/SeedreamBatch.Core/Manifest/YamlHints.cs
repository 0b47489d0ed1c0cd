using SeedreamBatch.Core.Diagnostics;

namespace SeedreamBatch.Core.Manifest;

/// <summary>
/// Plain-words causes for the YAML mistakes people make most, whose parser messages point at the
/// wrong place or say nothing useful: a tab in the indentation, and an unquoted '#' (a colour such
/// as #fff) that silently starts a comment and cuts the line.
/// </summary>
internal static class YamlHints
{
    public static Diagnostic? Explain(string text, string file)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var indent = line.Length - line.TrimStart(' ', '\t').Length;
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab >= 0 && tab < indent)
            {
                return Diagnostic.Error(new SourceLocation(file, i + 1, tab + 1), "YAML: a tab is used for indentation; YAML indents with spaces only");
            }

            var hash = UnquotedValueHash(line);
            if (hash >= 0)
            {
                return Diagnostic.Error(new SourceLocation(file, i + 1, hash + 1),
                    "YAML: '#' here starts a comment, which cuts the line short; quote the value (e.g. background: \"#ffffff\")");
            }
        }

        return null;
    }

    /// <summary>The column of a ': #' or ', #' inside an unclosed flow collection ({ ... or [ ...), else -1.</summary>
    private static int UnquotedValueHash(string line)
    {
        var depth = 0;
        var quote = '\0';
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote != '\0')
            {
                quote = c == quote ? '\0' : quote;
                continue;
            }

            switch (c)
            {
                case '"' or '\'':
                    quote = c;
                    break;
                case '{' or '[':
                    depth++;
                    break;
                case '}' or ']':
                    depth--;
                    break;
                case '#' when depth > 0 && i >= 2 && line[i - 1] == ' ' && line[i - 2] is ':' or ',':
                    return i;
                case '#' when i > 0 && line[i - 1] == ' ':
                    return -1; // An ordinary comment.
            }
        }

        return -1;
    }
}
