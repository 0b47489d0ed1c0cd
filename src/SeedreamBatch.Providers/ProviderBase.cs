using System.Runtime.CompilerServices;
using SeedreamBatch.Core.Models;
using SeedreamBatch.Core.Pricing;
using SeedreamBatch.Core.Providers;
using SeedreamBatch.Providers.Http;
using SeedreamBatch.Providers.Results;

namespace SeedreamBatch.Providers;

/// <summary>What all adapters share: their dialect, prices from the Core table, handing on a completed answer, disposal.</summary>
internal abstract class ProviderBase(ProviderContext context, ProviderDialect dialect) : IImageProvider
{
    public ProviderDialect Dialect { get; } = dialect;

    protected ProviderContext Context { get; } = context;

    protected ProviderHttp Http => Context.Http;

    protected ProviderSettings Settings => Context.Settings;

    public PriceEntry? PriceOf(SeedreamModel model) => Context.Prices.Find(Dialect, model);

    public abstract Task<ProviderHandle> SubmitAsync(GenerationRequest request, string jobKey, CancellationToken cancellationToken);

    public async IAsyncEnumerable<ProviderOutput> AwaitAsync(ProviderHandle handle, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using (handle)
        {
            if (handle is CompletedHandle completed)
            {
                foreach (var output in completed.Outputs)
                {
                    yield return output;
                }

                yield break;
            }

            await foreach (var output in AwaitPendingAsync(handle, cancellationToken).ConfigureAwait(false))
            {
                yield return output;
            }
        }
    }

    public virtual Task<ProviderHandle?> TryResumeAsync(GenerationRequest request, string jobKey, string taskId, CancellationToken cancellationToken) =>
        Task.FromResult<ProviderHandle?>(null);

    public virtual void Dispose() => Http.Dispose();

    /// <summary>Handles this dialect returns before its answer is complete (streams, tasks).</summary>
    protected virtual IAsyncEnumerable<ProviderOutput> AwaitPendingAsync(ProviderHandle handle, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"{handle.GetType().Name} does not belong to the {Dialect.ToName()} adapter");

    /// <summary>A completed handle from a sync answer's images.</summary>
    protected CompletedHandle Completed(GenerationRequest request, string jobKey, string? taskId, IReadOnlyList<WireImage> images, int? reportedImages = null) =>
        new(request, jobKey, taskId, ImageResults.ToOutputs(images, Http, PriceOf(request.Model), reportedImages));

    protected ProviderCall Post(string path, System.Text.Json.Nodes.JsonNode body, string jobKey, bool stream = false, int images = 1) =>
        new(HttpMethod.Post, path, body, jobKey, Paid: true, stream, images);
}
