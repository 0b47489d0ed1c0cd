using System.Text.Json.Nodes;

namespace SeedreamBatch.Simulator;

/// <summary>
/// Bodies POSTed to the simulator's own <c>/_sim/callbacks</c> sink. Point a <c>callback_url</c> there to see
/// what a callback-based dialect delivers without running a second server.
/// </summary>
public sealed class CallbackInbox
{
    private readonly object _gate = new();
    private readonly List<JsonNode> _received = [];
    private readonly List<(Func<JsonNode, bool> Match, TaskCompletionSource<JsonNode> Done)> _waiters = [];

    public IReadOnlyList<JsonNode> Received
    {
        get
        {
            lock (_gate)
            {
                return _received.ToArray();
            }
        }
    }

    /// <summary>Completes with the first body (already received or arriving later) that matches.</summary>
    public Task<JsonNode> WaitAsync(Func<JsonNode, bool> match, CancellationToken ct)
    {
        lock (_gate)
        {
            var hit = _received.FirstOrDefault(match);
            if (hit is not null)
            {
                return Task.FromResult(hit);
            }

            var tcs = new TaskCompletionSource<JsonNode>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, tcs));
            ct.Register(() => tcs.TrySetCanceled(ct));
            return tcs.Task;
        }
    }

    internal void Add(JsonNode body)
    {
        List<TaskCompletionSource<JsonNode>> done = [];
        lock (_gate)
        {
            _received.Add(body);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(body))
                {
                    done.Add(_waiters[i].Done);
                    _waiters.RemoveAt(i);
                }
            }
        }

        foreach (var tcs in done)
        {
            tcs.TrySetResult(body);
        }
    }
}
