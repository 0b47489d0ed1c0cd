namespace SeedreamBatch.Imaging;

/// <summary>What the header of an image says, read without decoding pixels.</summary>
/// <param name="Format">jpeg, png, webp, avif, heif, gif or tiff.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Bands">Bands (3 = RGB, 4 = RGBA...).</param>
/// <param name="HasAlpha">True when the image has an alpha band.</param>
public sealed record ImageInfo(string Format, int Width, int Height, int Bands, bool HasAlpha);
