namespace SeedreamBatch.Engine.Ports;

/// <summary>A provider call failed; <see cref="Kind"/> decides whether the engine tries again.</summary>
public sealed class GenerationException : Exception
{
    public GenerationException(GenerationErrorKind kind, string? providerCode, string message, TimeSpan? retryAfter = null, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
        ProviderCode = providerCode;
        RetryAfter = retryAfter;
    }

    public GenerationException()
        : this(GenerationErrorKind.Transient, null, "generation failed")
    {
    }

    public GenerationException(string message)
        : this(GenerationErrorKind.Transient, null, message)
    {
    }

    public GenerationException(string message, Exception inner)
        : this(GenerationErrorKind.Transient, null, message, null, inner)
    {
    }

    public GenerationErrorKind Kind { get; }

    /// <summary>The provider's error code (<c>RateLimitExceeded.EndpointRPMExceeded</c>, <c>too_many_requests</c>) or HTTP status.</summary>
    public string? ProviderCode { get; }

    /// <summary>The provider's <c>Retry-After</c>, when it sent one.</summary>
    public TimeSpan? RetryAfter { get; }

    public bool IsRetryable => Kind is GenerationErrorKind.Transient or GenerationErrorKind.RateLimited;
}
