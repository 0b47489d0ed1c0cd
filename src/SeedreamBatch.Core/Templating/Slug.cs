using System.Globalization;
using System.Text;

namespace SeedreamBatch.Core.Templating;

/// <summary>
/// The <c>slug</c> filter's rule, for file and folder names (and <c>export</c>'s Shopify handles): every letter, digit
/// and combining mark is kept (lower-cased with the invariant culture: <c>A</c>→<c>a</c>, <c>É</c>→<c>é</c>; CJK and
/// other caseless scripts unchanged), every run of anything else (spaces, punctuation, symbols, emoji) becomes one
/// <c>-</c>, and leading/trailing <c>-</c> are removed. Letters are kept rather than transliterated or dropped because
/// a catalog of Chinese product names must not slug to empty names that collide.
/// </summary>
public static class Slug
{
    public static string Of(string value)
    {
        var builder = new StringBuilder(value.Length);
        var pendingDash = false;
        foreach (var rune in value.EnumerateRunes())
        {
            if (IsKept(rune))
            {
                if (pendingDash && builder.Length > 0)
                {
                    builder.Append('-');
                }

                pendingDash = false;
                var lower = Rune.ToLowerInvariant(rune);
                if (lower.IsBmp)
                {
                    builder.Append((char)lower.Value);
                }
                else
                {
                    builder.Append(lower.ToString());
                }
            }
            else
            {
                pendingDash = true;
            }
        }

        return builder.ToString();
    }

    private static bool IsKept(Rune rune)
    {
        if (Rune.IsLetterOrDigit(rune))
        {
            return true;
        }

        // Marks belong to the letter before them (Devanagari vowel signs, decomposed accents).
        var category = Rune.GetUnicodeCategory(rune);
        return category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
    }
}
