using NetVips;

namespace SeedreamBatch.Imaging.Operations;

/// <summary>
/// One post-processing step. Returns a new image (the caller disposes both); never changes its input,
/// because libvips images are shared between pipeline steps and variants.
/// </summary>
internal interface IImageOperation
{
    Image Apply(Image image);
}
