using SeedreamBatch.Core.Templating;

namespace SeedreamBatch.Core.Manifest;

/// <summary>
/// <c>export:</c> templates for <c>seedream-batch export</c>, rendered per output file with the job's variables (catalog
/// columns and matrix axes) and <c>variant</c>, <c>path</c>, <c>image_index</c>, <c>model</c>, <c>size</c>.
/// </summary>
/// <param name="Handle">The product a file belongs to (Shopify's <c>Handle</c>); null: the job's output name.</param>
/// <param name="Alt">The image's alt text; null: none.</param>
/// <param name="ImageBaseUrl">Where the files will be served (the files' paths are appended); null: the paths as they are.</param>
public sealed record ExportSpec(Template? Handle, Template? Alt, Template? ImageBaseUrl)
{
    public static ExportSpec None { get; } = new(null, null, null);
}
