using System.Globalization;

namespace SeedreamBatch.Simulator;

/// <summary>
/// A latency distribution. Text form (CLI flags and YAML profiles): <c>0</c>, <c>fixed:200ms</c>,
/// <c>uniform:100ms..2s</c>, <c>lognormal:800ms,0.5</c> (median, sigma).
/// </summary>
public sealed record LatencyDistribution(LatencyKind Kind, TimeSpan A, TimeSpan B, double Sigma)
{
    /// <summary>No delay at all; the default everywhere so in-process runs stay fast.</summary>
    public static LatencyDistribution None { get; } = new(LatencyKind.Fixed, TimeSpan.Zero, TimeSpan.Zero, 0);

    /// <summary>True when every sample is zero, so callers can skip the timer entirely.</summary>
    public bool IsZero => Kind == LatencyKind.Fixed && A == TimeSpan.Zero
        || Kind == LatencyKind.Uniform && A == TimeSpan.Zero && B == TimeSpan.Zero
        || Kind == LatencyKind.LogNormal && A == TimeSpan.Zero;

    public static LatencyDistribution Fixed(TimeSpan delay) => new(LatencyKind.Fixed, delay, delay, 0);

    public static LatencyDistribution Uniform(TimeSpan min, TimeSpan max) => new(LatencyKind.Uniform, min, max, 0);

    public static LatencyDistribution LogNormal(TimeSpan median, double sigma) => new(LatencyKind.LogNormal, median, median, sigma);

    /// <summary>Draws one delay.</summary>
    public TimeSpan Sample(Random random)
    {
        switch (Kind)
        {
            case LatencyKind.Uniform:
                return A + (B - A) * random.NextDouble();
            case LatencyKind.LogNormal:
                // Box-Muller: one standard normal sample scales the log of the median.
                var u1 = 1.0 - random.NextDouble();
                var u2 = random.NextDouble();
                var z = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
                return TimeSpan.FromTicks((long)(A.Ticks * Math.Exp(Sigma * z)));
            default:
                return A;
        }
    }

    /// <summary>Parses the text form; throws <see cref="FormatException"/> with a one-line reason.</summary>
    public static LatencyDistribution Parse(string text)
    {
        var s = text.Trim();
        if (s is "0" or "" or "none")
        {
            return None;
        }

        var colon = s.IndexOf(':', StringComparison.Ordinal);
        var kind = colon < 0 ? "fixed" : s[..colon].Trim().ToLowerInvariant();
        var args = colon < 0 ? s : s[(colon + 1)..].Trim();
        switch (kind)
        {
            case "fixed":
                return Fixed(SimDuration.Parse(args));
            case "uniform":
                var range = args.Split("..", StringSplitOptions.TrimEntries);
                if (range.Length != 2)
                {
                    throw new FormatException($"latency '{text}': uniform needs MIN..MAX, e.g. uniform:100ms..2s");
                }

                var (min, max) = (SimDuration.Parse(range[0]), SimDuration.Parse(range[1]));
                if (max < min)
                {
                    throw new FormatException($"latency '{text}': MAX is below MIN");
                }

                return Uniform(min, max);
            case "lognormal":
                var parts = args.Split(',', StringSplitOptions.TrimEntries);
                if (parts.Length != 2 || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var sigma) || sigma < 0)
                {
                    throw new FormatException($"latency '{text}': lognormal needs MEDIAN,SIGMA, e.g. lognormal:800ms,0.5");
                }

                return LogNormal(SimDuration.Parse(parts[0]), sigma);
            default:
                throw new FormatException($"latency '{text}': unknown kind '{kind}' (fixed, uniform, lognormal)");
        }
    }

    public override string ToString() => Kind switch
    {
        LatencyKind.Uniform => $"uniform:{SimDuration.Format(A)}..{SimDuration.Format(B)}",
        LatencyKind.LogNormal => string.Create(CultureInfo.InvariantCulture, $"lognormal:{SimDuration.Format(A)},{Sigma}"),
        _ => IsZero ? "0" : $"fixed:{SimDuration.Format(A)}",
    };
}
