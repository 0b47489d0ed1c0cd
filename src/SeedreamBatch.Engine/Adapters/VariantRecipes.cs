using SeedreamBatch.Core.Diagnostics;
using SeedreamBatch.Core.Manifest;

namespace SeedreamBatch.Engine.Adapters;

/// <summary>
/// Maps <c>outputs.variants</c> and <c>outputs.watermark</c> to imaging recipes: the specs checked at load
/// (<see cref="VariantSpecs"/>) with the watermark margin kept as the fraction the manifest gives.
/// </summary>
public static class VariantRecipes
{
    /// <summary>The recipes in manifest order, or the problems (located at each variant) when any is invalid.</summary>
    public static (IReadOnlyList<VariantRecipe> Recipes, IReadOnlyList<Diagnostic> Problems) Build(OutputsSpec outputs, string manifestDirectory)
    {
        var (specs, problems) = VariantSpecs.Build(outputs, manifestDirectory);
        return ([.. specs.Select(s => new VariantRecipe(s, outputs.Watermark?.Margin ?? 0))], problems);
    }
}
