namespace SeedreamBatch.Providers;

/// <summary>The only exception adapters throw for provider and transport failures. Its message never contains a key.</summary>
public sealed class ProviderException : Exception
{
    public ProviderException(ProviderError error)
        : base(error.ToString()) => Error = error;

    public ProviderException(ProviderError error, Exception innerException)
        : base(error.ToString(), innerException) => Error = error;

    public ProviderError Error { get; }

    public bool IsRetryable => Error.IsRetryable;
}
