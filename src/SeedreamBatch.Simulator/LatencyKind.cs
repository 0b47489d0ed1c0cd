namespace SeedreamBatch.Simulator;

/// <summary>Shape of a simulated latency distribution.</summary>
public enum LatencyKind
{
    /// <summary>Always the same delay (<see cref="LatencyDistribution.A"/>).</summary>
    Fixed,

    /// <summary>Uniform between <see cref="LatencyDistribution.A"/> and <see cref="LatencyDistribution.B"/>.</summary>
    Uniform,

    /// <summary>Log-normal with median <see cref="LatencyDistribution.A"/> and shape sigma <see cref="LatencyDistribution.Sigma"/>: the long right tail real services show.</summary>
    LogNormal,
}
