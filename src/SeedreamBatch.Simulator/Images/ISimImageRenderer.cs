namespace SeedreamBatch.Simulator.Images;

/// <summary>Draws the picture for a spec and encodes it (JPEG, or PNG when asked).</summary>
internal interface ISimImageRenderer
{
    byte[] Render(ImageSpec spec);
}
