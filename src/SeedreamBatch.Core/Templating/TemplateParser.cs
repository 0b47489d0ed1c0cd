using System.Globalization;
using System.Text;
using SeedreamBatch.Core.Diagnostics;

namespace SeedreamBatch.Core.Templating;

/// <summary>
/// Parses the template language:
/// <code>
/// template   := (literal | hole)*
/// hole       := "{{" ["-"] expression ["-"] "}}"     "-" trims all whitespace (newlines too) on that side
/// expression := path ("|" filter)*
/// path       := identifier ("." identifier)*        identifier := [A-Za-z_][A-Za-z0-9_-]*
/// filter     := name [":" argument]                 argument := "double-quoted" (\" \\ escapes) | integer
/// </code>
/// Whitespace is free inside a hole. The trim markers must touch the braces (<c>{{-</c>, <c>-}}</c>); a hyphen
/// right before <c>}}</c> is a trim marker, never part of a name. There is no escape for a literal <c>{{</c>.
/// Errors are collected (parsing resumes after the hole's <c>}}</c>) with the exact location of the offending text.
/// </summary>
internal sealed class TemplateParser(string text, Func<int, SourceLocation> locate)
{
    private readonly string _text = text;
    private readonly Func<int, SourceLocation> _locate = locate;
    private readonly List<Diagnostic> _errors = [];
    private readonly List<TemplateSegment> _segments = [];
    private readonly List<TemplateVariableUse> _uses = [];
    private readonly StringBuilder _literal = new();
    private int _pos;

    private char Current => _pos < _text.Length ? _text[_pos] : '\0';

    private bool AtEnd => _pos >= _text.Length;

    public TemplateParseResult Parse()
    {
        var trimLeading = false;
        while (_pos < _text.Length)
        {
            var open = _text.IndexOf("{{", _pos, StringComparison.Ordinal);
            var chunk = open < 0 ? _text[_pos..] : _text[_pos..open];
            if (trimLeading)
            {
                chunk = chunk.TrimStart();
            }

            if (open < 0)
            {
                _literal.Append(chunk);
                break;
            }

            var trimBefore = open + 2 < _text.Length && _text[open + 2] == '-';
            _literal.Append(trimBefore ? chunk.TrimEnd() : chunk);

            if (!ParseHole(open, trimBefore, out trimLeading))
            {
                break;
            }
        }

        FlushLiteral();
        if (_errors.Count > 0)
        {
            return new TemplateParseResult(null, _errors);
        }

        return new TemplateParseResult(new Template(_text, [.. _segments], _uses), []);
    }

    /// <summary>Parses the hole at <paramref name="open"/>; false when the rest of the text cannot be parsed.</summary>
    private bool ParseHole(int open, bool trimBefore, out bool trimAfter)
    {
        trimAfter = false;
        _pos = open + (trimBefore ? 3 : 2);
        SkipWhitespace();
        if (AtClose(out trimAfter))
        {
            _errors.Add(Diagnostic.Error(_locate(open), "empty expression in '{{ }}': expected a variable name"));
            return true;
        }

        if (AtEnd)
        {
            return Unclosed(open);
        }

        var pathStart = _pos;
        if (!TryReadPath(out var path))
        {
            return Fail(_pos, $"expected a variable name, found '{Current}'", open);
        }

        var filters = new List<TemplateFilter>();
        while (true)
        {
            SkipWhitespace();
            if (AtClose(out trimAfter))
            {
                break;
            }

            if (AtEnd)
            {
                return Unclosed(open);
            }

            if (Current != '|')
            {
                return Fail(_pos, $"expected '|' or '}}}}', found '{Current}'", open);
            }

            _pos++;
            SkipWhitespace();
            var nameStart = _pos;
            if (!TryReadIdentifier(out var name))
            {
                return AtEnd ? Unclosed(open) : Fail(_pos, "expected a filter name after '|'", open);
            }

            SkipWhitespace();
            object? argument = null;
            var argumentStart = _pos;
            if (Current == ':')
            {
                _pos++;
                SkipWhitespace();
                argumentStart = _pos;
                if (!TryReadArgument(out argument, out var argumentError))
                {
                    return argumentError is null ? Unclosed(open) : Fail(argumentStart, argumentError, open);
                }
            }

            if (!TryCreateFilter(name, argument, out var filter, out var filterError))
            {
                return Fail(argument is null || filterError.StartsWith("unknown", StringComparison.Ordinal) ? nameStart : argumentStart, filterError, open);
            }

            filters.Add(filter);
        }

        var location = _locate(pathStart);
        _uses.Add(new TemplateVariableUse(path, location, filters.Exists(f => f.Kind == TemplateFilterKind.Default)));
        FlushLiteral();
        _segments.Add(TemplateSegment.Hole(path, location, [.. filters]));
        return true;
    }

    /// <summary>At <c>}}</c> or <c>-}}</c>: consumes it.</summary>
    private bool AtClose(out bool trim)
    {
        trim = string.CompareOrdinal(_text, _pos, "-}}", 0, 3) == 0;
        if (trim || string.CompareOrdinal(_text, _pos, "}}", 0, 2) == 0)
        {
            _pos += trim ? 3 : 2;
            return true;
        }

        return false;
    }

    private bool TryReadPath(out string path)
    {
        var start = _pos;
        path = string.Empty;
        while (true)
        {
            if (!TryReadIdentifier(out _))
            {
                return false;
            }

            if (Current != '.')
            {
                path = _text[start.._pos];
                return true;
            }

            _pos++;
        }
    }

    private bool TryReadIdentifier(out string identifier)
    {
        var start = _pos;
        identifier = string.Empty;
        if (!(char.IsAsciiLetter(Current) || Current == '_'))
        {
            return false;
        }

        _pos++;
        while (!AtEnd && (char.IsAsciiLetterOrDigit(Current) || Current == '_' || (Current == '-' && !IsTrimClose(_pos))))
        {
            _pos++;
        }

        identifier = _text[start.._pos];
        return true;
    }

    private bool IsTrimClose(int at) => string.CompareOrdinal(_text, at, "-}}", 0, 3) == 0;

    /// <summary>A quoted string or an integer; <paramref name="error"/> null means the text ended inside it.</summary>
    private bool TryReadArgument(out object? argument, out string? error)
    {
        argument = null;
        error = null;
        if (Current == '"')
        {
            var builder = new StringBuilder();
            _pos++;
            while (!AtEnd && Current != '"')
            {
                if (Current == '\\')
                {
                    _pos++;
                    if (AtEnd)
                    {
                        return false;
                    }

                    if (Current is not ('"' or '\\'))
                    {
                        error = $"unknown escape '\\{Current}' in string (only \\\" and \\\\ are allowed)";
                        return false;
                    }
                }

                builder.Append(Current);
                _pos++;
            }

            if (AtEnd)
            {
                return false;
            }

            _pos++;
            argument = builder.ToString();
            return true;
        }

        var start = _pos;
        if (Current == '-' && !IsTrimClose(_pos))
        {
            _pos++;
        }

        while (char.IsAsciiDigit(Current))
        {
            _pos++;
        }

        if (_pos == start || (_pos == start + 1 && _text[start] == '-'))
        {
            error = AtEnd ? null : "expected a \"quoted string\" or an integer after ':'";
            _pos = start;
            return false;
        }

        if (!int.TryParse(_text.AsSpan(start, _pos - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            error = $"integer '{_text[start.._pos]}' is too large";
            return false;
        }

        argument = number;
        return true;
    }

    private static bool TryCreateFilter(string name, object? argument, out TemplateFilter filter, out string error)
    {
        filter = null!;
        error = string.Empty;
        TemplateFilterKind? simple = name switch
        {
            "lower" => TemplateFilterKind.Lower,
            "upper" => TemplateFilterKind.Upper,
            "slug" => TemplateFilterKind.Slug,
            "trim" => TemplateFilterKind.Trim,
            _ => null,
        };
        if (simple is { } kind)
        {
            if (argument is not null)
            {
                error = $"filter '{name}' takes no argument";
                return false;
            }

            filter = new TemplateFilter(kind, string.Empty, 0);
            return true;
        }

        switch (name)
        {
            case "default" when argument is null:
                error = "filter 'default' needs a value: default: \"text\"";
                return false;
            case "default":
                var text = argument is int i ? i.ToString(CultureInfo.InvariantCulture) : (string)argument;
                filter = new TemplateFilter(TemplateFilterKind.Default, text, 0);
                return true;
            case "truncate" when argument is int max and >= 0:
                filter = new TemplateFilter(TemplateFilterKind.Truncate, string.Empty, max);
                return true;
            case "truncate":
                error = "filter 'truncate' needs a length: truncate: N (an integer, 0 or more)";
                return false;
            default:
                error = $"unknown filter '{name}' (known: {string.Join(", ", TemplateFilter.Names)})";
                return false;
        }
    }

    private void SkipWhitespace()
    {
        while (!AtEnd && char.IsWhiteSpace(Current))
        {
            _pos++;
        }
    }

    private void FlushLiteral()
    {
        if (_literal.Length > 0)
        {
            _segments.Add(TemplateSegment.Text(_literal.ToString()));
            _literal.Clear();
        }
    }

    /// <summary>Records an error and resumes after this hole's <c>}}</c>; false if there is none.</summary>
    private bool Fail(int at, string message, int open)
    {
        _errors.Add(Diagnostic.Error(_locate(at), message));
        var close = _text.IndexOf("}}", Math.Min(_pos, _text.Length), StringComparison.Ordinal);
        if (close < 0)
        {
            return Unclosed(open);
        }

        _pos = close + 2;
        return true;
    }

    private bool Unclosed(int open)
    {
        _errors.Add(Diagnostic.Error(_locate(open), "'{{' is not closed by '}}'"));
        _pos = _text.Length;
        return false;
    }
}
