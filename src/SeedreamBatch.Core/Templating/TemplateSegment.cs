using SeedreamBatch.Core.Diagnostics;

namespace SeedreamBatch.Core.Templating;

/// <summary>
/// A compiled piece of a template: literal text, or a hole reading <see cref="Path"/> through its filters.
/// One class rather than a hierarchy so rendering is a flat loop without virtual calls.
/// </summary>
internal sealed class TemplateSegment
{
    private TemplateSegment(string? literal, string path, SourceLocation? location, TemplateFilter[] filters)
    {
        Literal = literal;
        Path = path;
        Location = location;
        Filters = filters;
    }

    /// <summary>Non-null for literal text.</summary>
    public string? Literal { get; }

    public string Path { get; }

    public SourceLocation? Location { get; }

    public TemplateFilter[] Filters { get; }

    public static TemplateSegment Text(string literal) => new(literal, string.Empty, null, []);

    public static TemplateSegment Hole(string path, SourceLocation location, TemplateFilter[] filters) =>
        new(null, path, location, filters);

    public string Evaluate(IVariableScope scope, Func<string, string, string>? escape = null)
    {
        if (Literal is not null)
        {
            return Literal;
        }

        string? value = scope.TryGet(Path, out var found) ? found : null;
        foreach (var filter in Filters)
        {
            value = filter.Apply(value);
        }

        if (value is null)
        {
            throw new TemplateRenderException(Location!, Path);
        }

        return escape is null ? value : escape(Path, value);
    }
}
