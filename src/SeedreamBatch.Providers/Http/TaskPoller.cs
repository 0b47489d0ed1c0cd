using SeedreamBatch.Core.Providers;
using SeedreamBatch.Providers.Results;

namespace SeedreamBatch.Providers.Http;

/// <summary>
/// Polls a task with growing waits (×1.5 from poll_interval up to max_poll_interval) until it is done, fails,
/// or task_timeout passes. A pushed result (Ace Data callback) cuts the wait short.
/// </summary>
internal sealed class TaskPoller(ProviderSettings settings, TimeProvider time, ProviderHttp http)
{
    public async Task<TaskState> PollAsync(string taskId, Func<CancellationToken, Task<TaskState>> fetch, Task<TaskState>? pushed, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + settings.TaskTimeout;
        // With a callback receiver, polling is only the fallback for a callback that never comes.
        var interval = pushed is null ? settings.PollInterval : settings.MaxPollInterval;
        while (true)
        {
            var state = await fetch(cancellationToken).ConfigureAwait(false);
            if (!state.IsPending)
            {
                return state;
            }

            var left = deadline - time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                throw http.Fail(
                    ProviderErrorKind.Timeout,
                    "task_timeout",
                    $"task {taskId} was still running after {settings.TaskTimeout.TotalMinutes:0.#} min; it may still finish: resume the run to fetch it rather than submit again");
            }

            var wait = interval < left ? interval : left;
            using var cancelWait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = Task.Delay(wait, time, cancelWait.Token);
            var first = pushed is null ? delay : await Task.WhenAny(delay, pushed).ConfigureAwait(false);
            if (first == pushed)
            {
                await cancelWait.CancelAsync().ConfigureAwait(false);
                var pushedState = await pushed.ConfigureAwait(false);
                if (!pushedState.IsPending)
                {
                    return pushedState;
                }

                // A push that says nothing definite: keep polling, at the normal pace.
                pushed = null;
                interval = settings.PollInterval;
                continue;
            }

            await delay.ConfigureAwait(false);
            interval = TimeSpan.FromTicks(Math.Min((long)(interval.Ticks * 1.5), settings.MaxPollInterval.Ticks));
        }
    }
}
