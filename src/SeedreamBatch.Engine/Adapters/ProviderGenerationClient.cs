using System.Collections.Concurrent;
using SeedreamBatch.Core.Models;
using SeedreamBatch.Core.Providers;
using SeedreamBatch.Engine.Ports;
using SeedreamBatch.Providers;
using EngineImage = SeedreamBatch.Engine.Ports.GeneratedImage;
using ProviderImage = SeedreamBatch.Providers.GeneratedImage;

namespace SeedreamBatch.Engine.Adapters;

/// <summary>
/// The engine's <see cref="IGenerationClient"/> over a provider adapter. Synchronous dialects (and Ark streams)
/// are drained inside <see cref="SubmitAsync"/>; task dialects return the task id at once so the engine records
/// it before anything else can go wrong. Error kinds are mapped so nothing that may have been paid is resent.
/// </summary>
public sealed class ProviderGenerationClient : IGenerationClient
{
    private readonly IImageProvider _provider;
    private readonly IProviderLog? _log;
    private readonly string? _apiKey;

    // Task handles between SubmitAsync and AwaitAsync of one job: the provider's handle carries state
    // (an Ace Data callback wait, say) that a bare task id would lose.
    private readonly ConcurrentDictionary<string, ProviderHandle> _pending = new(StringComparer.Ordinal);

    /// <param name="apiKey">The key in use, masked in result URLs before they are stored; null when none is known.</param>
    public ProviderGenerationClient(IImageProvider provider, IProviderLog? log = null, string? apiKey = null)
    {
        ArgumentNullException.ThrowIfNull(provider);
        _provider = provider;
        _log = log;
        _apiKey = apiKey;
    }

    public async Task<GenerationHandle> SubmitAsync(GenerationRequest request, string jobKey, CancellationToken cancellationToken)
    {
        ProviderHandle handle;
        try
        {
            handle = await _provider.SubmitAsync(request, jobKey, cancellationToken).ConfigureAwait(false);
        }
        catch (ProviderException e)
        {
            throw ProviderErrorMapping.OnSubmit(e);
        }

        if (handle.TaskId is { } taskId)
        {
            _pending[jobKey] = handle;
            return GenerationHandle.ForTask(taskId);
        }

        // No task id: the request is paid and answered on this connection; an error while reading it is unknown.
        return GenerationHandle.Completed(await DrainAsync(handle, request, jobKey, taskBased: false, cancellationToken).ConfigureAwait(false));
    }

    public async Task<GenerationResult> AwaitAsync(GenerationRequest request, string jobKey, GenerationHandle handle, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handle);
        if (handle.Result is { } result)
        {
            return result;
        }

        var taskId = handle.TaskId ?? throw new ArgumentException("a handle without result needs a task id", nameof(handle));
        if (!_pending.TryRemove(jobKey, out var providerHandle))
        {
            // A task recorded by an earlier run: re-attach without paying again.
            try
            {
                providerHandle = await _provider.TryResumeAsync(request, jobKey, taskId, cancellationToken).ConfigureAwait(false);
            }
            catch (ProviderException e)
            {
                throw ProviderErrorMapping.OnAwait(e);
            }

            if (providerHandle is null)
            {
                throw new GenerationException(GenerationErrorKind.OutcomeUnknown, "task_not_resumable",
                    $"task {taskId} cannot be fetched from {_provider.Dialect.ToName()}; it may have been paid: check the provider's console, then use --retry-unknown to submit again");
            }
        }

        return await DrainAsync(providerHandle, request, jobKey, taskBased: true, cancellationToken).ConfigureAwait(false);
    }

    private async Task<GenerationResult> DrainAsync(ProviderHandle handle, GenerationRequest request, string jobKey, bool taskBased, CancellationToken cancellationToken)
    {
        // Never more than was asked for: a provider answering 10,000 items for a one-image job must not make the run
        // download (and keep) 10,000 files. The rest is counted, reported, and dropped as it arrives.
        var asked = Math.Max(1, request.ImageCount);
        var excess = 0;
        var images = new List<ProviderImage>();
        var failures = new List<ImageFailure>();
        BilledUsage? usage = null;
        try
        {
            await foreach (var output in _provider.AwaitAsync(handle, cancellationToken).ConfigureAwait(false))
            {
                switch (output)
                {
                    case ProviderImage image when images.Count + failures.Count < asked:
                        images.Add(image);
                        break;
                    case ImageFailure failure when images.Count + failures.Count < asked:
                        failures.Add(failure);
                        break;
                    case ProviderImage or ImageFailure:
                        excess++;
                        break;
                    case BilledUsage billed:
                        usage = billed;
                        break;
                }
            }
        }
        catch (ProviderException e)
        {
            throw taskBased ? ProviderErrorMapping.OnAwait(e) : ProviderErrorMapping.OnSubmit(e);
        }
        finally
        {
            handle.Dispose();
        }

        if (images.Count == 0 && failures.Count > 0)
        {
            // Every image refused (an all-failed Ark stream): a failed job; providers bill successes only.
            throw ProviderErrorMapping.AllImagesFailed(failures);
        }

        if (failures.Count > 0)
        {
            // Partial success: keep what was made and paid for; re-running would pay again for the successes. The
            // failures go to the engine, which records them per image (state store, manifests, summary).
            var first = failures[0].Error;
            _log?.Write($"job {jobKey[..Math.Min(12, jobKey.Length)]}: {failures.Count} of {images.Count + failures.Count} images failed ({first.ProviderCode}: {first.Message})");
        }

        if (excess > 0)
        {
            _log?.Write($"job {jobKey[..Math.Min(12, jobKey.Length)]}: the provider answered {asked + excess} images for a request of {asked}; kept {images.Count}, ignored {excess}");
        }

        var ordered = images.OrderBy(i => i.Index).Select(ToEngineImage).ToList();

        // Without a bill from the provider, every image it sent may be charged: never report less.
        return new GenerationResult(ordered, usage?.Images ?? (ordered.Count + excess), usage?.CostUsd)
        {
            FailedImages = [.. failures.OrderBy(f => f.Index).Select(ProviderErrorMapping.OnImageFailure)],
            ExcessImages = excess,
        };
    }

    private EngineImage ToEngineImage(ProviderImage image)
    {
        if (image.Bytes is { } bytes)
        {
            return new EngineImage(null, Convert.ToBase64String(bytes), image.Index);
        }

        var url = image.Url ?? throw new GenerationException(GenerationErrorKind.Transient, "no_image", $"image {image.Index} has neither a URL nor bytes");
        var redacted = UrlSecrets.Redact(url, _apiKey);
        return new EngineImage(url, null, image.Index) { RedactedUrl = redacted == url ? null : redacted };
    }
}
