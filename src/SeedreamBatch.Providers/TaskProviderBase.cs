using System.Runtime.CompilerServices;
using SeedreamBatch.Core.Models;
using SeedreamBatch.Providers.Http;
using SeedreamBatch.Providers.Results;

namespace SeedreamBatch.Providers;

/// <summary>Dialects that answer with a task id: poll (or wait for a push) until done; fetch a known task to resume.</summary>
internal abstract class TaskProviderBase(ProviderContext context, ProviderDialect dialect) : ProviderBase(context, dialect)
{
    private readonly TaskPoller _poller = new(context.Settings, context.Time, context.Http);

    public override async Task<ProviderHandle?> TryResumeAsync(GenerationRequest request, string jobKey, string taskId, CancellationToken cancellationToken)
    {
        try
        {
            await FetchAsync(taskId, jobKey, cancellationToken).ConfigureAwait(false);
        }
        catch (ProviderException ex) when (ex.Error.Kind == ProviderErrorKind.NotFound)
        {
            // The provider has forgotten the task (or never had it): the engine decides whether to submit anew.
            return null;
        }

        // A task that failed meanwhile is reported by AwaitAsync, like any other failure.
        return new TaskHandle(request, jobKey, taskId);
    }

    /// <summary>One free status request for the task.</summary>
    protected abstract Task<TaskState> FetchAsync(string taskId, string jobKey, CancellationToken cancellationToken);

    /// <summary>A result pushed to us for the task, if this dialect has a receiver; null otherwise.</summary>
    protected virtual Task<TaskState>? PushedResult(string taskId) => null;

    protected override async IAsyncEnumerable<ProviderOutput> AwaitPendingAsync(ProviderHandle handle, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (handle is not TaskHandle task)
        {
            await foreach (var output in base.AwaitPendingAsync(handle, cancellationToken).ConfigureAwait(false))
            {
                yield return output;
            }

            yield break;
        }

        var state = await _poller.PollAsync(task.Id, ct => FetchAsync(task.Id, task.JobKey, ct), PushedResult(task.Id), cancellationToken).ConfigureAwait(false);
        if (state.Failure is { } failure)
        {
            throw failure;
        }

        foreach (var output in ImageResults.ToOutputs(state.Images!, Http, PriceOf(task.Request.Model), null))
        {
            yield return output;
        }
    }

    /// <summary>
    /// The handle of a task the provider accepted. Accepted (2xx) but without an id it is not followable: the task
    /// may run and bill without us, so it is never resent on our own.
    /// </summary>
    protected TaskHandle Accepted(GenerationRequest request, string jobKey, string? taskId, string missing = "the create-task answer has no task id") =>
        taskId is null ? throw Http.Unknown("malformed_response", missing) : new TaskHandle(request, jobKey, taskId);

    /// <summary>A poll request: free, so transport failures are retried here too.</summary>
    protected static ProviderCall Poll(HttpMethod method, string path, string jobKey, System.Text.Json.Nodes.JsonNode? body = null) =>
        new(method, path, body, jobKey, Paid: false);
}
