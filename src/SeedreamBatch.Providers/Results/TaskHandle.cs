using SeedreamBatch.Core.Models;

namespace SeedreamBatch.Providers.Results;

/// <summary>A task dialect's handle: a task id to poll (or to be called back about).</summary>
internal sealed class TaskHandle(GenerationRequest request, string jobKey, string taskId) : ProviderHandle(request, jobKey, taskId)
{
    public string Id => TaskId!;
}
