namespace SeedreamBatch.Providers;

/// <summary>What the job cost: the last item of <see cref="IImageProvider.AwaitAsync"/>.</summary>
/// <param name="Images">Images billed (providers bill successful images only).</param>
/// <param name="CostUsd">Images × the price table's price; null when no price is known.</param>
/// <param name="ReportedByProvider">True when the count comes from the provider (Ark <c>usage.generated_images</c>), false when counted here.</param>
public sealed record BilledUsage(int Images, decimal? CostUsd, bool ReportedByProvider) : ProviderOutput;
