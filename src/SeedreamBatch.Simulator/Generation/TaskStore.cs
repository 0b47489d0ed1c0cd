using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using SeedreamBatch.Simulator.Dialects;

namespace SeedreamBatch.Simulator.Generation;

/// <summary>
/// Async tasks. A task completes when the injected clock reaches its ready time: a timer fires it (so callbacks
/// go out) and every lookup also completes it if due, so a test with a fake clock sees it done right after advancing.
/// Finished tasks are kept while their result URLs are known (two URL lifetimes) and at most
/// <see cref="SimulatorOptions.HistoryLimit"/> of them; a forgotten task answers "not found", as a provider's purged one.
/// </summary>
internal sealed class TaskStore(SimContext sim)
{
    private readonly ConcurrentDictionary<string, SimTask> _tasks = new(StringComparer.Ordinal);
    private readonly Queue<SimTask> _finished = new();

    public SimTask Create(GenerationOrder order, Uri baseUri, JsonNode? request, string? callbackUrl, Func<SimTask, JsonNode>? callbackBody, string? id = null)
    {
        var now = sim.Time.GetUtcNow();
        var duration = sim.Generator.SampleDuration(order.Count);
        var task = new SimTask(id ?? Guid.NewGuid().ToString(), order, baseUri, request, now, now + duration)
        {
            CallbackUrl = callbackUrl,
            CallbackBody = callbackBody,
        };
        _tasks[task.Id] = task;
        if (duration > TimeSpan.Zero)
        {
            task.Timer = sim.Time.CreateTimer(static s => ((Action)s!)(), (Action)(() => EnsureCompleted(task, force: true)), duration, Timeout.InfiniteTimeSpan);
        }
        else
        {
            EnsureCompleted(task, force: true);
        }

        return task;
    }

    /// <summary>The task if it exists and belongs to <paramref name="apiKey"/>; completed first if its time has come.</summary>
    public SimTask? Find(string id, string apiKey)
    {
        if (!_tasks.TryGetValue(id, out var task) || task.Order.ApiKey != apiKey)
        {
            return null;
        }

        EnsureCompleted(task, force: false);
        return task;
    }

    private void EnsureCompleted(SimTask task, bool force)
    {
        if (task.State != SimTaskState.Running || (!force && sim.Time.GetUtcNow() < task.ReadyAt))
        {
            return;
        }

        lock (task)
        {
            if (task.State != SimTaskState.Running)
            {
                return;
            }

            try
            {
                task.Outcomes = sim.Generator.Complete(task.Order, task.BaseUri, inline: false, task.Id);
                task.State = SimTaskState.Succeeded;
            }
            catch (SimRequestException e)
            {
                task.ErrorKind = e.Kind;
                task.ErrorMessage = e.Message;
                task.State = SimTaskState.Failed;
            }

            task.CompletedAt = sim.Time.GetUtcNow();
            task.Timer?.Dispose();
        }

        Forget(task);

        task.MarkDone();

        if (task.CallbackUrl is { } url && task.CallbackBody is { } body)
        {
            sim.Callbacks.Send(url, body(task));
        }
    }

    /// <summary>Queues <paramref name="finished"/> and drops the finished tasks past the count or the retention.</summary>
    private void Forget(SimTask finished)
    {
        var keepUntil = sim.Time.GetUtcNow() - (2 * sim.Options.UrlTtl);
        lock (_finished)
        {
            _finished.Enqueue(finished);
            while (_finished.TryPeek(out var oldest) && (_finished.Count > sim.Options.HistoryLimit || oldest.CompletedAt < keepUntil))
            {
                _tasks.TryRemove(_finished.Dequeue().Id, out _);
            }
        }
    }
}
