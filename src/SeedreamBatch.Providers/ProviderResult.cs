namespace SeedreamBatch.Providers;

/// <summary>A job's whole answer (<see cref="PaidCalls.CollectAsync"/>): the images and what it billed.</summary>
/// <param name="Images">Successful images in index order (failed images of a batch are in <paramref name="Failures"/>).</param>
/// <param name="Failures">
/// Images the provider reported failed while it made others; each error's kind is final:
/// <see cref="ProviderErrorKind.ContentPolicy"/>, <see cref="ProviderErrorKind.OutcomeUnknown"/> (may have been
/// generated and billed: a broken stream, an unreadable image) or <see cref="ProviderErrorKind.PartialFailure"/>.
/// </param>
/// <param name="BilledImages">Images the provider bills (successes; Ark's <c>usage.generated_images</c>).</param>
/// <param name="BilledCostUsd">The money billed when known; null to use the price table × <paramref name="BilledImages"/>.</param>
/// <param name="ExcessImages">
/// Images (and image failures) the provider answered beyond the number asked for: ignored, never downloaded, and
/// reported as a provider error. Billing is left as the provider reports it: it may have charged for them.
/// </param>
public sealed record ProviderResult(
    IReadOnlyList<GeneratedImage> Images,
    IReadOnlyList<ImageFailure> Failures,
    int BilledImages,
    decimal? BilledCostUsd = null,
    int ExcessImages = 0);
