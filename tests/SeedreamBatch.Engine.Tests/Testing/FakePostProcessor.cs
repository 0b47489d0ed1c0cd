using System.Collections.Concurrent;
using SeedreamBatch.Core.Jobs;
using SeedreamBatch.Engine.Ports;
using SeedreamBatch.Imaging;

namespace SeedreamBatch.Engine.Tests.Testing;

/// <summary>Writes one <c>web</c> variant per original (the original's bytes plus the recipe name) and counts calls.</summary>
internal sealed class FakePostProcessor : IImagePostProcessor
{
    private readonly ConcurrentQueue<string> _processed = new();

    public int Calls => _processed.Count;

    public async Task<IReadOnlyList<VariantResult>> ProcessAsync(Job job, int imageIndex, string originalPath, CancellationToken cancellationToken)
    {
        _processed.Enqueue(originalPath);
        var bytes = await File.ReadAllBytesAsync(originalPath, cancellationToken);
        var path = originalPath.Replace(".original.", ".web.", StringComparison.Ordinal);
        byte[] variant = [.. bytes, .. System.Text.Encoding.UTF8.GetBytes(job.ProcessingKey)];
        await File.WriteAllBytesAsync(path, variant, cancellationToken);
        return [new VariantResult("web", path, "png", 64, 64, variant.Length, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(variant)))];
    }
}
