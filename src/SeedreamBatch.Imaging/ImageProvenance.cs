namespace SeedreamBatch.Imaging;

/// <summary>What made an image, written into variants with <c>provenance: true</c>.</summary>
/// <param name="Model">Canonical model name (for example <c>seedream-4.5</c>).</param>
/// <param name="Prompt">The rendered prompt.</param>
/// <param name="Seed">The seed, when the request had one.</param>
/// <param name="JobKey">The job key that names the outputs and the state-store row.</param>
public sealed record ImageProvenance(string Model, string Prompt, long? Seed, string JobKey);
