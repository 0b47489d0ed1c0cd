using SeedreamBatch.Core.Variants;

namespace SeedreamBatch.Imaging;

/// <summary>A recipe and the final path its file goes to.</summary>
/// <param name="Spec">The recipe.</param>
/// <param name="Path">Final file path (its directory is created when missing).</param>
public sealed record VariantTarget(VariantSpec Spec, string Path);
