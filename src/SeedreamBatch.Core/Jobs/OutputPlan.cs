namespace SeedreamBatch.Core.Jobs;

/// <summary>Where a job's files go, already rendered and made safe.</summary>
/// <param name="Directory">The outputs folder of the run (absolute), e.g. <c>/home/u/out/2026-11-21</c>.</param>
/// <param name="RelativeBaseName">
/// The file name without extension, relative to <paramref name="Directory"/>, forward slashes
/// (<c>sku-001/studio-seedream-4.5-1000</c>). Variant files add <c>.{variant}.{ext}</c>; image <c>i</c> of a
/// multi-image job adds <c>-{i}</c> before that.
/// </param>
public sealed record OutputPlan(string Directory, string RelativeBaseName);
