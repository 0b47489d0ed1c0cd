using System.Security;
using System.Text.RegularExpressions;

namespace SeedreamBatch.Simulator.Images;

/// <summary>
/// The words written on a simulated picture so a reviewer can tell products apart. The simulator sees only the
/// request, so it shows a SKU-like token when the prompt has one (<c>TEE-001</c>), else the prompt's subject:
/// the text after a leading "kind of picture:" phrase, which templates share and products do not.
/// </summary>
internal static partial class PictureLabel
{
    private const int MaxChars = 60;

    public static string Title(string prompt)
    {
        // The label font (DejaVu) has no CJK glyphs: such words would print as boxes.
        prompt = WideScript().Replace(BracketedWideScript().Replace(prompt, string.Empty), string.Empty);
        var sku = SkuToken().Match(prompt);
        var colon = prompt.IndexOf(':', StringComparison.Ordinal);
        var subject = colon is > 0 and < 80 ? prompt[(colon + 1)..] : prompt;
        subject = string.Join(' ', subject.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        var firstWord = colon is > 0 and < 80 ? prompt.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() : null;
        var text = sku.Success ? $"{sku.Value} · {subject}" : firstWord is null ? subject : $"{firstWord} · {subject}";
        return text.Length <= MaxChars ? text : text[..(MaxChars - 1)].TrimEnd() + "…";
    }

    public static string Subtitle(ImageSpec spec) => $"seed {spec.Seed} · #{spec.Index} · {spec.Width}×{spec.Height}";

    /// <summary>Pango reads markup; the label is plain text.</summary>
    public static string Markup(string text) => SecurityElement.Escape(text);

    [GeneratedRegex(@"[\u2E80-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFF00-\uFFEF]+")]
    private static partial Regex WideScript();

    [GeneratedRegex(@"\s*\([^)]*[\u2E80-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFF00-\uFFEF][^)]*\)")]
    private static partial Regex BracketedWideScript();

    [GeneratedRegex(@"\b[A-Z]{2,}[-_]?\d{2,}[A-Z0-9-]*\b")]
    private static partial Regex SkuToken();
}
