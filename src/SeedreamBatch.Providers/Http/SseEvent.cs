namespace SeedreamBatch.Providers.Http;

/// <summary>One Server-Sent Event: its <c>event:</c> name (if any) and its joined <c>data:</c> lines.</summary>
internal sealed record SseEvent(string? Name, string Data);
