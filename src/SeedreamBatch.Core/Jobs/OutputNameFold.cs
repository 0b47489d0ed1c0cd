using System.Text;

namespace SeedreamBatch.Core.Jobs;

/// <summary>
/// An output name as case-insensitive file systems (macOS, Windows) see it: "Red" and "red" are one file there,
/// and so are the composed and decomposed forms of "é". (Every job of a pipeline has the same images_per_job, so
/// the "-i" suffixes of multi-image jobs cannot make two distinct names meet.)
/// </summary>
internal static class OutputNameFold
{
    public static string Fold(string name) =>
        Ascii.IsValid(name) ? name.ToLowerInvariant() : name.Normalize(NormalizationForm.FormC).ToLowerInvariant();

    /// <summary>The fingerprint of <see cref="Fold"/>'s result, without making that string for the usual ASCII name.</summary>
    public static ulong Fingerprint(string name)
    {
        if (name.Length <= 512 && Ascii.IsValid(name))
        {
            Span<char> folded = stackalloc char[name.Length];
            Ascii.ToLower(name, folded, out _);
            return Fingerprint64.Of(folded);
        }

        return Fingerprint64.Of(Fold(name));
    }
}
