using System.Text.Json.Nodes;

namespace SeedreamBatch.Simulator.Ledger;

/// <summary>
/// The bill. Like the real services it charges every successful image of every request, including a
/// resubmission of a job already paid for: tests use it to prove the engine never pays twice.
/// </summary>
public sealed class SimLedger
{
    private readonly object _gate = new();
    private readonly List<LedgerCharge> _charges = [];
    private TaskCompletionSource _recorded = NewSignal();

    /// <summary>
    /// Raised for each charge, on the request's thread, before its answer goes out: a test can act at the instant a
    /// client has a paid request in flight (kill it, say) instead of polling for it.
    /// </summary>
    public event Action<LedgerCharge>? Charged;

    /// <summary>A snapshot of every charge, oldest first.</summary>
    public IReadOnlyList<LedgerCharge> Charges
    {
        get
        {
            lock (_gate)
            {
                return _charges.ToArray();
            }
        }
    }

    public decimal TotalUsd => Charges.Sum(c => c.AmountUsd);

    public int TotalImages => Charges.Sum(c => c.Images);

    /// <summary>Charges carrying <paramref name="job"/> as their <c>X-Seedream-Job</c>.</summary>
    public IReadOnlyList<LedgerCharge> ForJob(string job) => Charges.Where(c => c.Job == job).ToArray();

    /// <summary>Images charged per job key (charges without a job header are left out).</summary>
    public IReadOnlyDictionary<string, int> ImagesByJob() => Group(c => c.Job);

    /// <summary>Images charged per prompt text.</summary>
    public IReadOnlyDictionary<string, int> ImagesByPrompt() => Group(c => c.Prompt);

    /// <summary>
    /// The first charge matching <paramref name="match"/>, once there is one: generation that outlives its request
    /// (a client that hung up) charges later, and a test waits for it here instead of sleeping.
    /// </summary>
    public Task<LedgerCharge> WaitForChargeAsync(Func<LedgerCharge, bool> match, CancellationToken cancellationToken) =>
        WaitAsync(charges => charges.FirstOrDefault(match), cancellationToken);

    /// <summary>The <paramref name="count"/>th charge, once there is one.</summary>
    public Task<LedgerCharge> WaitForChargesAsync(int count, CancellationToken cancellationToken) =>
        WaitAsync(charges => charges.Count >= count ? charges[count - 1] : null, cancellationToken);

    private async Task<LedgerCharge> WaitAsync(Func<List<LedgerCharge>, LedgerCharge?> find, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task recorded;
            lock (_gate)
            {
                if (find(_charges) is { } hit)
                {
                    return hit;
                }

                recorded = _recorded.Task;
            }

            await recorded.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _charges.Clear();
        }
    }

    internal void Record(LedgerCharge charge)
    {
        if (charge.Images <= 0)
        {
            return;
        }

        TaskCompletionSource recorded;
        lock (_gate)
        {
            _charges.Add(charge);
            recorded = _recorded;
            _recorded = NewSignal();
        }

        recorded.TrySetResult();
        Charged?.Invoke(charge);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal JsonObject ToJson()
    {
        var charges = Charges;
        var rows = new JsonArray();
        foreach (var c in charges)
        {
            rows.Add(new JsonObject
            {
                ["at"] = c.At.ToString("O"),
                ["api_key"] = c.ApiKey,
                ["dialect"] = c.Dialect,
                ["model"] = c.Model,
                ["job"] = c.Job,
                ["prompt"] = c.Prompt,
                ["images"] = c.Images,
                ["unit_price_usd"] = c.UnitPriceUsd,
                ["amount_usd"] = c.AmountUsd,
                ["reference"] = c.Reference,
            });
        }

        return new JsonObject
        {
            ["total_usd"] = charges.Sum(c => c.AmountUsd),
            ["total_images"] = charges.Sum(c => c.Images),
            ["by_key"] = Sums(charges, c => c.ApiKey),
            ["by_job"] = Sums(charges, c => c.Job),
            ["by_prompt"] = Sums(charges, c => c.Prompt),
            ["charges"] = rows,
        };
    }

    private Dictionary<string, int> Group(Func<LedgerCharge, string?> key) =>
        Charges.Where(c => key(c) is not null).GroupBy(c => key(c)!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(c => c.Images), StringComparer.Ordinal);

    private static JsonObject Sums(IReadOnlyList<LedgerCharge> charges, Func<LedgerCharge, string?> key)
    {
        var result = new JsonObject();
        foreach (var g in charges.Where(c => key(c) is not null).GroupBy(c => key(c)!, StringComparer.Ordinal))
        {
            result[g.Key] = new JsonObject
            {
                ["charges"] = g.Count(),
                ["images"] = g.Sum(c => c.Images),
                ["amount_usd"] = g.Sum(c => c.AmountUsd),
            };
        }

        return result;
    }
}
