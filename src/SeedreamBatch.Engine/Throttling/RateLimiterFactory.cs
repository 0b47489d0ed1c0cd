using System.Threading.RateLimiting;

namespace SeedreamBatch.Engine.Throttling;

/// <summary>Makes a per-minute limiter: <paramref name="quantity"/> is <c>requests</c> or <c>images</c>; it queues, never refuses.</summary>
public delegate RateLimiter RateLimiterFactory(string quantity, int perMinute, int largestAcquisition);
