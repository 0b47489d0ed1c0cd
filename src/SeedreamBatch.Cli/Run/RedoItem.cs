using System.Security.Cryptography;
using System.Text;
using SeedreamBatch.Core.Jobs;

namespace SeedreamBatch.Cli.Run;

/// <summary>
/// One item <c>redo</c> regenerates: the manifest's job (<see cref="Key"/>; a new key when its prompt changed), the stored job
/// it replaces (<see cref="SourceKey"/>, null when never made), the seed to send and the version it becomes.
/// </summary>
/// <remarks>
/// Identity: the job keeps its manifest key, so a plain <c>run</c> afterwards finds it done and pays nothing; the redo's seed
/// is recorded in the store (<c>seed</c>) and the earlier answer in <c>job_versions</c>. Paying again for a key is what
/// <c>redo</c> (like <c>--force</c>) is for; it is never done by a plain run.
/// </remarks>
internal sealed record RedoItem(string Key, string? SourceKey, int? Seed, int Version)
{
    /// <summary>A new seed for version <paramref name="version"/> of <paramref name="key"/>: stable (a rerun of the same redo plan sends the same seed), in [0, 2^31 − 1].</summary>
    public static int NewSeed(string key, int version)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{key}:redo:{version}"), hash);
        return (int)(BitConverter.ToUInt32(hash) & 0x7FFF_FFFF);
    }

    /// <summary>The job as this redo sends it: its seed replaced (sent only to a model that honours seeds, as the manifest's would be).</summary>
    public Job Apply(Job job) =>
        Seed is { } seed && seed != job.RequestedSeed
            ? job with { Request = job.Request with { Seed = job.Request.Seed is null ? null : seed }, RequestedSeed = seed }
            : job;
}
