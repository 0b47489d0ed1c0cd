using System.Globalization;

namespace SeedreamBatch.Core.Templating;

/// <summary>
/// One compiled <c>| filter</c>. A null value means "missing": every filter but <c>default</c> passes it through,
/// so the hole can still report the missing variable after the chain.
/// </summary>
internal sealed record TemplateFilter(TemplateFilterKind Kind, string Text, int Number)
{
    public static IReadOnlyList<string> Names { get; } = ["lower", "upper", "slug", "trim", "default", "truncate"];

    public string? Apply(string? value) => Kind switch
    {
        TemplateFilterKind.Default => string.IsNullOrEmpty(value) ? Text : value,
        _ when value is null => null,
        TemplateFilterKind.Lower => FilterMemo.Apply(Kind, value, static v => v.ToLowerInvariant()),
        TemplateFilterKind.Upper => FilterMemo.Apply(Kind, value, static v => v.ToUpperInvariant()),
        TemplateFilterKind.Slug => FilterMemo.Apply(Kind, value, Slug.Of),
        TemplateFilterKind.Trim => value.Trim(),
        TemplateFilterKind.Truncate => Truncate(value, Number),
        _ => throw new InvalidOperationException($"unhandled filter {Kind}"),
    };

    /// <summary>At most <paramref name="max"/> user-perceived characters: never cuts an emoji or a combining accent in half.</summary>
    internal static string Truncate(string value, int max)
    {
        // A text element is at least one char, so a string this short cannot have more elements than max.
        if (value.Length <= max)
        {
            return value;
        }

        var end = 0;
        for (var count = 0; count < max && end < value.Length; count++)
        {
            end += StringInfo.GetNextTextElementLength(value, end);
        }

        return value[..end];
    }
}
