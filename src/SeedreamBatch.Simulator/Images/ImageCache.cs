namespace SeedreamBatch.Simulator.Images;

/// <summary>
/// A picture's bytes by content key, bounded in bytes (least recently used evicted): a re-download or a repeated seeded
/// request costs nothing, and an evicted picture is simply drawn again (same bytes). Pictures cheaper to make than to
/// keep (<see cref="ISimImageRenderer.Cheap"/>) are not kept.
/// </summary>
internal sealed class ImageCache(ISimImageRenderer renderer, long maxBytes)
{
    private readonly ByteLru<string> _entries = new(renderer.Cheap ? 0 : maxBytes);

    public byte[] Get(ImageSpec spec) => renderer.Cheap ? renderer.Render(spec) : _entries.GetOrAdd(spec.ContentKey, _ => renderer.Render(spec));
}
