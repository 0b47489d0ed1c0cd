using SeedreamBatch.Core.Jobs;
using SeedreamBatch.Imaging;

namespace SeedreamBatch.Engine.Ports;

/// <summary>Makes a job's variant files from one downloaded original (implemented with libvips in SeedreamBatch.Imaging).</summary>
public interface IImagePostProcessor
{
    /// <summary>
    /// Writes every variant of the job's recipe for image <paramref name="imageIndex"/> from
    /// <paramref name="originalPath"/> (which it must not change) and says what it wrote. CPU-bound: the
    /// engine runs as many at once as there are cores.
    /// </summary>
    Task<IReadOnlyList<VariantResult>> ProcessAsync(Job job, int imageIndex, string originalPath, CancellationToken cancellationToken);
}
