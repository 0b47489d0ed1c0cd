namespace SeedreamBatch.Providers.Http;

/// <summary>Stands in for a transport exception so its (possibly key-bearing) text never travels on, only its redacted message.</summary>
internal sealed class RedactedException(string message) : Exception(message);
