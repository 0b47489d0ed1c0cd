namespace SeedreamBatch.Engine.Ports;

/// <summary>A provider's answer: the images and what it billed.</summary>
/// <param name="Images">Successful images, in the provider's order (failed images of a batch are in <see cref="FailedImages"/>).</param>
/// <param name="BilledImages">Images the provider bills (successes; Ark's <c>usage.generated_images</c>).</param>
/// <param name="BilledCostUsd">The money billed when the provider says it; null to use the price table × <paramref name="BilledImages"/>.</param>
public sealed record GenerationResult(IReadOnlyList<GeneratedImage> Images, int BilledImages, decimal? BilledCostUsd = null)
{
    /// <summary>Images the provider reported failed while it made others; empty when every image was made.</summary>
    public IReadOnlyList<FailedImage> FailedImages { get; init; } = [];

    /// <summary>
    /// Images (and image failures) the provider answered beyond the number asked for: ignored, never downloaded, and
    /// reported as a provider error. Billing is left as the provider reports it: it may have charged for them.
    /// </summary>
    public int ExcessImages { get; init; }

    /// <summary>Each image with its index in the job: the provider's number (<see cref="GeneratedImage.Index"/>), else its position.</summary>
    public IEnumerable<(int Index, GeneratedImage Image)> IndexedImages => Images.Select((image, position) => (image.Index ?? position, image));
}
