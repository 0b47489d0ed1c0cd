namespace SeedreamBatch.Simulator.Images;

/// <summary>Stand-in renderer with no native dependency: JPEG markers around the spec hash. Deterministic, not a picture.</summary>
internal sealed class HashImageRenderer : ISimImageRenderer
{
    public byte[] Render(ImageSpec spec)
    {
        var hash = spec.Hash;
        var bytes = new byte[4 + hash.Length];
        bytes[0] = 0xFF;
        bytes[1] = 0xD8;
        hash.CopyTo(bytes, 2);
        bytes[^2] = 0xFF;
        bytes[^1] = 0xD9;
        return bytes;
    }
}
