namespace SeedreamBatch.Core.Templating;

/// <summary>
/// Remembers a filter's last few results per thread, keyed by the input string's identity. Every job of
/// a row renders the row's same string instances, so <c>lower</c>, <c>upper</c> and <c>slug</c> run once
/// per row instead of once per job: case mapping of non-ASCII text goes through ICU and was the largest
/// cost of expanding a million jobs.
/// </summary>
internal static class FilterMemo
{
    private const int Slots = 8;

    [ThreadStatic]
    private static (string? Input, TemplateFilterKind Kind, string? Output)[]? _slots;

    [ThreadStatic]
    private static int _next;

    public static string Apply(TemplateFilterKind kind, string input, Func<string, string> compute)
    {
        var slots = _slots ??= new (string?, TemplateFilterKind, string?)[Slots];
        for (var i = 0; i < Slots; i++)
        {
            if (ReferenceEquals(slots[i].Input, input) && slots[i].Kind == kind)
            {
                return slots[i].Output!;
            }
        }

        var output = compute(input);
        slots[_next] = (input, kind, output);
        _next = (_next + 1) % Slots;
        return output;
    }
}
