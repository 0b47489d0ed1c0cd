namespace SeedreamBatch.Cli.Notify;

/// <summary>A receiver answered with an error status. <see cref="Retryable"/>: 408, 429 and 5xx may succeed later; others will not.</summary>
internal sealed class NotificationFailedException(string message, bool retryable) : Exception(message)
{
    public bool Retryable { get; } = retryable;
}
