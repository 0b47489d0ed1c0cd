namespace SeedreamBatch.Core.Providers;

/// <summary>
/// The random fraction retry pauses are spread by, so many clients failing together do not come back together.
/// Thread-safe. A seeded one makes a run's pauses repeatable (tests); <see cref="Shared"/> is the default.
/// </summary>
public sealed class RetryJitter
{
    private readonly Lock _gate = new();
    private readonly Random? _random;
    private readonly double _fixed;

    /// <summary>An unseeded jitter, or one that repeats for the same <paramref name="seed"/>.</summary>
    public RetryJitter(int? seed = null)
    {
        _random = seed is { } s ? new Random(s) : new Random();
    }

    private RetryJitter(double fraction)
    {
        _fixed = fraction;
    }

    /// <summary>A jitter that always answers <paramref name="fraction"/> (tests that pin a pause exactly).</summary>
    public static RetryJitter Fixed(double fraction) =>
        fraction is >= 0 and < 1 ? new RetryJitter(fraction) : throw new ArgumentOutOfRangeException(nameof(fraction));

    /// <summary>One unseeded jitter for the whole process.</summary>
    public static RetryJitter Shared { get; } = new();

    /// <summary>A fraction in [0, 1).</summary>
    public double NextDouble()
    {
        if (_random is null)
        {
            return _fixed;
        }

        lock (_gate)
        {
            return _random.NextDouble();
        }
    }
}
