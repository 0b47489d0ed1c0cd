using System.Diagnostics.CodeAnalysis;

namespace SeedreamBatch.Core.Variants;

/// <summary>
/// Maps the manifest's kebab-case words (<c>south-east</c>, <c>webp</c>, <c>centre</c>) to the variant enums
/// and back, so the loader and error messages spell them the same way.
/// </summary>
public static class ManifestEnum
{
    /// <summary>Parses a manifest word (case-insensitive; '-' and '_' ignored; <c>center</c> = <c>centre</c>, <c>jpg</c> = <c>jpeg</c>).</summary>
    public static bool TryParse<TEnum>(string? text, [NotNullWhen(true)] out TEnum? value)
        where TEnum : struct, Enum
    {
        value = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        string key = text.Trim().Replace("-", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
        key = key switch
        {
            "center" => "centre",
            "jpg" => "jpeg",
            _ => key,
        };
        foreach (TEnum candidate in Enum.GetValues<TEnum>())
        {
            if (string.Equals(candidate.ToString(), key, StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }

        return false;
    }

    /// <summary>The manifest spelling of a value (<see cref="WatermarkGravity.SouthEast"/> → <c>south-east</c>).</summary>
    public static string ToManifestName<TEnum>(TEnum value)
        where TEnum : struct, Enum
    {
        string name = value.ToString();
        var builder = new System.Text.StringBuilder(name.Length + 2);
        for (int i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                builder.Append('-');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }

    /// <summary>All manifest spellings of an enum, for "expected one of" messages.</summary>
    public static IReadOnlyList<string> Names<TEnum>()
        where TEnum : struct, Enum =>
        Enum.GetValues<TEnum>().Select(ToManifestName).ToArray();
}
