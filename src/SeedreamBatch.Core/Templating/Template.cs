using SeedreamBatch.Core.Diagnostics;

namespace SeedreamBatch.Core.Templating;

/// <summary>
/// A prompt or path template: literal text with <c>{{ path | filter: arg }}</c> holes, parsed once and rendered
/// per job. The syntax is in <see cref="TemplateParser"/>; a missing variable without a <c>default</c> filter is an
/// error, never an empty string.
/// </summary>
public sealed class Template
{
    [ThreadStatic]
    private static string[]? _parts;

    private readonly TemplateSegment[] _segments;
    private readonly string? _constant;

    internal Template(string text, TemplateSegment[] segments, IReadOnlyList<TemplateVariableUse> variables)
    {
        Text = text;
        _segments = segments;
        Variables = variables;
        if (variables.Count == 0)
        {
            // No holes: the literal segments (at most one) are the whole output.
            _constant = segments.Length == 0 ? string.Empty : segments[0].Literal;
        }
    }

    /// <summary>The source text as written.</summary>
    public string Text { get; }

    /// <summary>Every variable path used, in order of appearance (repeats included), with its location.</summary>
    public IReadOnlyList<TemplateVariableUse> Variables { get; }

    /// <summary>No holes: renders to <see cref="Text"/> whatever the scope.</summary>
    public bool IsConstant => _constant is not null;

    /// <summary>Parses <paramref name="text"/>, whose first character is at <paramref name="origin"/>. Never throws on bad input.</summary>
    public static TemplateParseResult Parse(string text, SourceLocation origin)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(origin);
        return new TemplateParser(text, offset => origin.Advance(text, offset)).Parse();
    }

    /// <summary>
    /// Parses <paramref name="text"/> whose characters are not laid out as written (a folded or indented
    /// YAML block scalar): <paramref name="locate"/> gives the file location of each character offset.
    /// </summary>
    public static TemplateParseResult Parse(string text, Func<int, SourceLocation> locate)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(locate);
        return new TemplateParser(text, locate).Parse();
    }

    /// <exception cref="TemplateRenderException">A variable is missing and has no <c>default</c> filter.</exception>
    public string Render(IVariableScope scope) => Render(scope, null);

    /// <summary>
    /// Renders with each hole's final text (after its filters) passed through <paramref name="escape"/>, as an
    /// HTML template escapes its holes: output names use it so a value can never add a '/' or '..'.
    /// </summary>
    /// <param name="escape">Gets the hole's variable path and filtered text, returns the text to insert.</param>
    public string Render(IVariableScope scope, Func<string, string, string>? escape)
    {
        if (_constant is not null)
        {
            return _constant;
        }

        if (_segments.Length == 1)
        {
            return _segments[0].Evaluate(scope, escape);
        }

        // Evaluate every piece, then allocate the result once at its exact length: rendering is expansion's hot loop.
        var parts = _parts;
        if (parts is null || parts.Length < _segments.Length)
        {
            parts = _parts = new string[Math.Max(16, _segments.Length)];
        }

        _parts = null; // a scope that renders another template on this thread gets its own array
        for (var i = 0; i < _segments.Length; i++)
        {
            parts[i] = _segments[i].Evaluate(scope, escape);
        }

        var result = string.Concat(parts.AsSpan(0, _segments.Length)!);
        Array.Clear(parts, 0, _segments.Length);
        _parts = parts;
        return result;
    }

    public override string ToString() => Text;
}
