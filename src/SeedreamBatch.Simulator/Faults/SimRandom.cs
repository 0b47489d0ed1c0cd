namespace SeedreamBatch.Simulator.Faults;

/// <summary>One shared random source, seedable so a fault scenario can be replayed exactly.</summary>
internal sealed class SimRandom(int? seed)
{
    private readonly Random _random = seed is { } s ? new Random(s) : new Random();
    private readonly object _gate = new();

    public double NextDouble()
    {
        lock (_gate)
        {
            return _random.NextDouble();
        }
    }

    public long NextLong()
    {
        lock (_gate)
        {
            return _random.NextInt64(0, 2147483648L);
        }
    }

    public TimeSpan Sample(LatencyDistribution d)
    {
        if (d.IsZero)
        {
            return TimeSpan.Zero;
        }

        lock (_gate)
        {
            var t = d.Sample(_random);
            return t < TimeSpan.Zero ? TimeSpan.Zero : t;
        }
    }
}
