namespace SeedreamBatch.Providers;

/// <summary>
/// One image of a job failed while others may have succeeded (partial success). The error's kind is
/// <see cref="ProviderErrorKind.PartialFailure"/>; the provider's code and message say why. Never retried by
/// the adapter: re-running the job would pay again for the images that did succeed.
/// </summary>
public sealed record ImageFailure(int Index, ProviderError Error) : ProviderOutput;
