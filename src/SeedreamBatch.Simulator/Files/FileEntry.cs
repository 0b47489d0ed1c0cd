using SeedreamBatch.Simulator.Images;

namespace SeedreamBatch.Simulator.Files;

/// <summary>A served result URL: what to draw and until when.</summary>
internal sealed record FileEntry(ImageSpec Spec, DateTimeOffset ExpiresAt);
