namespace SeedreamBatch.Providers;

/// <summary>One item of <see cref="IImageProvider.AwaitAsync"/>: a <see cref="GeneratedImage"/>, an <see cref="ImageFailure"/> or the final <see cref="BilledUsage"/>.</summary>
public abstract record ProviderOutput;
