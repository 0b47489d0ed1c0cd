using SeedreamBatch.Core.Jobs;
using SeedreamBatch.Engine.Download;
using SeedreamBatch.Engine.State;

namespace SeedreamBatch.Engine.Pipeline;

/// <summary>
/// The manifest's <c>outputs.name</c> changed (the job key leaves it out on purpose: a new name is not a new image):
/// moves the job's files to the new name and records that, with no paid call. Idempotent, so a crash between the moves
/// and the record is finished by the next run.
/// </summary>
/// <remarks>
/// A new name may still hold another job's paid file (two jobs swapped names, or a chain not yet moved along): moving
/// over it would destroy that image. Then nothing of this job moves, it keeps its old names this run, and the warning
/// says so; a chain resolves on the next run, once the other job has moved out of the way.
/// </remarks>
internal sealed class OutputRenamer(StateStore store, Action<string>? onWarning)
{
    /// <summary>Moves <paramref name="job"/>'s files from <paramref name="oldBase"/> to its name now; returns its outputs as they are after.</summary>
    public async Task<IReadOnlyList<OutputRecord>> RenameAsync(
        Job job, string oldBase, IReadOnlyList<OutputRecord> outputs, CancellationToken cancellationToken)
    {
        var newBase = job.Output.RelativeBaseName;
        var moves = new List<(OutputRecord Output, string To)>();
        foreach (var output in outputs.Where(o => o.Path.StartsWith(oldBase, StringComparison.Ordinal)))
        {
            var to = newBase + output.Path[oldBase.Length..];
            var target = Path.Combine(job.Output.Directory, to);
            if (File.Exists(Path.Combine(job.Output.Directory, output.Path)) && File.Exists(target)
                && !await FileHashes.IsIntactAsync(target, output.Sha256, cancellationToken).ConfigureAwait(false))
            {
                onWarning?.Invoke($"{newBase}: not renamed from {oldBase}: {to} already holds another file (another job's, or one put there by hand); the files keep their old names");
                return outputs;
            }

            moves.Add((output, to));
        }

        foreach (var (output, to) in moves)
        {
            var source = Path.Combine(job.Output.Directory, output.Path);
            if (File.Exists(source))
            {
                var target = Path.Combine(job.Output.Directory, to);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);

                // Overwrites only a copy of this very file (checked above): a crash after an earlier copy, say.
                File.Move(source, target, overwrite: true);
            }
        }

        await store.RecordRenamedAsync(job.Key, newBase, [.. moves.Select(m => (m.Output.Path, m.To))], cancellationToken).ConfigureAwait(false);
        return [.. outputs.Select(o => moves.FirstOrDefault(m => m.Output == o) is { To: { } to } ? o with { Path = to } : o)];
    }
}
