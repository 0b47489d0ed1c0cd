namespace SeedreamBatch.Simulator.Images;

/// <summary>What the simulator's pictures look like (<c>sim --images</c>).</summary>
public enum SimImageStyle
{
    /// <summary>Photo-like: multi-octave noise, hard-edged objects and grain, so encoders and benchmarks see natural-image statistics (~1.4 MB at 2048² JPEG q90).</summary>
    Photo,

    /// <summary>One flat colour per picture, its label in a comment: microseconds each and tiny files, for tests and benchmarks that do not look at pixels.</summary>
    Flat,
}
