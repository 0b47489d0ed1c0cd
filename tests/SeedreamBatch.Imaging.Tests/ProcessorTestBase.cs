namespace SeedreamBatch.Imaging.Tests;

/// <summary>A processor and a scratch directory per test, both released afterwards.</summary>
public abstract class ProcessorTestBase : IDisposable
{
    internal ImageProcessor Processor { get; } = new();

    internal TempDirectory Dir { get; } = new();

    public void Dispose()
    {
        Processor.Dispose();
        Dir.Dispose();
        GC.SuppressFinalize(this);
    }
}
