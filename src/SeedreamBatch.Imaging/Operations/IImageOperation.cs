using SeedreamBatch.Imaging.Interop;

namespace SeedreamBatch.Imaging.Operations;

/// <summary>
/// One post-processing step. Returns a new image (the caller disposes both); never changes its input,
/// because libvips images are shared between pipeline steps.
/// </summary>
internal interface IImageOperation
{
    VipsImage Apply(VipsImage image);
}
