namespace SeedreamBatch.Core.Models;

/// <summary>
/// Everything a provider adapter needs to make one paid call, already validated against the
/// capability table: the adapter maps it to its wire format and never has to re-check limits.
/// </summary>
/// <param name="Dialect">The wire format.</param>
/// <param name="Model">The canonical model.</param>
/// <param name="ProviderModelId">The id this dialect (and region) expects in its <c>model</c> field.</param>
/// <param name="Prompt">The rendered prompt.</param>
/// <param name="Size">The requested size, in the form the user wrote.</param>
/// <param name="Seed">The seed to send; null when none is asked for or the model ignores seeds.</param>
/// <param name="References">Input images (edit mode when non-empty).</param>
/// <param name="ImageCount">Images wanted from this call: 1, or more for sequential / group generation.</param>
/// <param name="Options">Other knobs.</param>
public sealed record GenerationRequest(
    ProviderDialect Dialect,
    SeedreamModel Model,
    string ProviderModelId,
    string Prompt,
    ImageSize Size,
    int? Seed,
    IReadOnlyList<ReferenceImage> References,
    int ImageCount,
    GenerationOptions Options)
{
    public bool IsEdit => References.Count > 0;
}
