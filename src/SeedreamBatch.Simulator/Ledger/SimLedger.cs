using System.Text.Json.Nodes;

namespace SeedreamBatch.Simulator.Ledger;

/// <summary>
/// The bill. Like the real services it charges every successful image of every request, including a
/// resubmission of a job already paid for: tests use it to prove the engine never pays twice. Totals (overall and per
/// API key) are exact however long it runs; the charges themselves are kept for the most recent
/// <see cref="SimulatorOptions.HistoryLimit"/> only, and the per-job and per-prompt views are over those.
/// </summary>
public sealed class SimLedger(int keep = SimulatorOptions.DefaultHistoryLimit)
{
    private readonly Lock _gate = new();
    private readonly Queue<LedgerCharge> _recent = new();
    private readonly Dictionary<string, Sums> _byKey = new(StringComparer.Ordinal);
    private Sums _total;
    private TaskCompletionSource _recorded = NewSignal();

    /// <summary>
    /// Raised for each charge, on the request's thread, before its answer goes out: a test can act at the instant a
    /// client has a paid request in flight (kill it, say) instead of polling for it.
    /// </summary>
    public event Action<LedgerCharge>? Charged;

    /// <summary>A snapshot of the charges kept (every charge, up to the last <see cref="SimulatorOptions.HistoryLimit"/>), oldest first.</summary>
    public IReadOnlyList<LedgerCharge> Charges
    {
        get
        {
            lock (_gate)
            {
                return _recent.ToArray();
            }
        }
    }

    /// <summary>Charges recorded since the start (or <see cref="Clear"/>), kept or not.</summary>
    public long ChargeCount
    {
        get
        {
            lock (_gate)
            {
                return _total.Charges;
            }
        }
    }

    public decimal TotalUsd
    {
        get
        {
            lock (_gate)
            {
                return _total.Usd;
            }
        }
    }

    public long TotalImages
    {
        get
        {
            lock (_gate)
            {
                return _total.Images;
            }
        }
    }

    /// <summary>Kept charges carrying <paramref name="job"/> as their <c>X-Seedream-Job</c>.</summary>
    public IReadOnlyList<LedgerCharge> ForJob(string job) => Charges.Where(c => c.Job == job).ToArray();

    /// <summary>Images per job key in the kept charges (charges without a job header are left out).</summary>
    public IReadOnlyDictionary<string, int> ImagesByJob() => Group(c => c.Job);

    /// <summary>Images per prompt text in the kept charges.</summary>
    public IReadOnlyDictionary<string, int> ImagesByPrompt() => Group(c => c.Prompt);

    /// <summary>
    /// The first kept charge matching <paramref name="match"/>, once there is one: generation that outlives its request
    /// (a client that hung up) charges later, and a test waits for it here instead of sleeping.
    /// </summary>
    public Task<LedgerCharge> WaitForChargeAsync(Func<LedgerCharge, bool> match, CancellationToken cancellationToken) =>
        WaitAsync(() => _recent.FirstOrDefault(match), cancellationToken);

    /// <summary>The <paramref name="count"/>th charge, once there is one (it must still be kept).</summary>
    public Task<LedgerCharge> WaitForChargesAsync(int count, CancellationToken cancellationToken) =>
        WaitAsync(() => _total.Charges < count ? null
            : _recent.ElementAtOrDefault(count - 1 - (int)(_total.Charges - _recent.Count)) ?? throw new InvalidOperationException($"charge {count} is no longer kept"),
            cancellationToken);

    private async Task<LedgerCharge> WaitAsync(Func<LedgerCharge?> find, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task recorded;
            lock (_gate)
            {
                if (find() is { } hit)
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
            _recent.Clear();
            _byKey.Clear();
            _total = default;
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
            _recent.Enqueue(charge);
            if (_recent.Count > keep)
            {
                _recent.Dequeue();
            }

            _total = _total.Add(charge);
            _byKey[charge.ApiKey] = _byKey.GetValueOrDefault(charge.ApiKey).Add(charge);
            recorded = _recorded;
            _recorded = NewSignal();
        }

        recorded.TrySetResult();
        Charged?.Invoke(charge);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal JsonObject ToJson()
    {
        LedgerCharge[] charges;
        Sums total;
        var byKey = new JsonObject();
        lock (_gate)
        {
            charges = _recent.ToArray();
            total = _total;
            foreach (var (key, sums) in _byKey.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                byKey[key] = sums.ToJson();
            }
        }

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
            ["total_usd"] = total.Usd,
            ["total_images"] = total.Images,
            ["total_charges"] = total.Charges,
            ["charges_kept"] = charges.Length,
            ["by_key"] = byKey,
            ["by_job"] = Sums.Of(charges, c => c.Job),
            ["by_prompt"] = Sums.Of(charges, c => c.Prompt),
            ["charges"] = rows,
        };
    }

    private Dictionary<string, int> Group(Func<LedgerCharge, string?> key) =>
        Charges.Where(c => key(c) is not null).GroupBy(c => key(c)!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(c => c.Images), StringComparer.Ordinal);

    private readonly record struct Sums(long Charges, long Images, decimal Usd)
    {
        public Sums Add(LedgerCharge c) => new(Charges + 1, Images + c.Images, Usd + c.AmountUsd);

        public JsonObject ToJson() => new() { ["charges"] = Charges, ["images"] = Images, ["amount_usd"] = Usd };

        public static JsonObject Of(IEnumerable<LedgerCharge> charges, Func<LedgerCharge, string?> key)
        {
            var result = new JsonObject();
            foreach (var g in charges.Where(c => key(c) is not null).GroupBy(c => key(c)!, StringComparer.Ordinal))
            {
                result[g.Key] = g.Aggregate(default(Sums), (s, c) => s.Add(c)).ToJson();
            }

            return result;
        }
    }
}
