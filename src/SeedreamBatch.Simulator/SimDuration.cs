using System.Globalization;

namespace SeedreamBatch.Simulator;

/// <summary>Durations as people type them: <c>250ms</c>, <c>2s</c>, <c>10m</c>, <c>24h</c>, <c>1d</c>; a bare number is seconds.</summary>
public static class SimDuration
{
    public static TimeSpan Parse(string text)
    {
        var s = text.Trim().ToLowerInvariant();
        (string number, double unitSeconds) = s switch
        {
            _ when s.EndsWith("ms", StringComparison.Ordinal) => (s[..^2], 0.001),
            _ when s.EndsWith('s') => (s[..^1], 1.0),
            _ when s.EndsWith('m') => (s[..^1], 60.0),
            _ when s.EndsWith('h') => (s[..^1], 3600.0),
            _ when s.EndsWith('d') => (s[..^1], 86400.0),
            _ => (s, 1.0),
        };
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0 || double.IsInfinity(value))
        {
            throw new FormatException($"'{text}' is not a duration (e.g. 250ms, 2s, 10m, 24h)");
        }

        return TimeSpan.FromSeconds(value * unitSeconds);
    }

    public static string Format(TimeSpan t) =>
        t.TotalMilliseconds < 1000 ? string.Create(CultureInfo.InvariantCulture, $"{t.TotalMilliseconds:0.###}ms")
        : string.Create(CultureInfo.InvariantCulture, $"{t.TotalSeconds:0.###}s");
}
