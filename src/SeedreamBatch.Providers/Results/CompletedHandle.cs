using SeedreamBatch.Core.Models;

namespace SeedreamBatch.Providers.Results;

/// <summary>A sync dialect's handle: the answer is already here.</summary>
internal sealed class CompletedHandle(GenerationRequest request, string jobKey, string? taskId, IReadOnlyList<ProviderOutput> outputs)
    : ProviderHandle(request, jobKey, taskId)
{
    public IReadOnlyList<ProviderOutput> Outputs { get; } = outputs;
}
