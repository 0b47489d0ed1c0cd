using System.Net.Http.Headers;

namespace SeedreamBatch.Providers.Http;

/// <summary>Reads <c>Retry-After</c> in either form (seconds or an HTTP date) against the injected clock.</summary>
internal static class RetryAfter
{
    public static TimeSpan? From(HttpResponseHeaders headers, TimeProvider time)
    {
        if (headers.RetryAfter is not { } value)
        {
            return null;
        }

        var delay = value.Delta ?? (value.Date is { } date ? date - time.GetUtcNow() : null);
        return delay is { } d ? (d < TimeSpan.Zero ? TimeSpan.Zero : d) : null;
    }
}
