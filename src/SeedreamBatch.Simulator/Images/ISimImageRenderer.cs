namespace SeedreamBatch.Simulator.Images;

/// <summary>Draws the picture for a spec and encodes it (JPEG, or PNG when asked).</summary>
internal interface ISimImageRenderer
{
    /// <summary>True when drawing again costs less than keeping the bytes (<see cref="ImageCache"/> keeps none).</summary>
    bool Cheap { get; }

    byte[] Render(ImageSpec spec);
}
