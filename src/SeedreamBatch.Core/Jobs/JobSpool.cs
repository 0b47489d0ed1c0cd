using SeedreamBatch.Core.Models;

namespace SeedreamBatch.Core.Jobs;

/// <summary>
/// The jobs of a plan pass, written once to a temporary file and read back in order, so <c>run</c> expands its manifest
/// once (catalog reading, template rendering and key hashing are most of a plan's CPU) and still checks every job before
/// paying for any. Streamed both ways: memory is one job and two 64 KB buffers at any job count; the disk holds ~⅓ KB a
/// job. What is the same for every job of a pass (dialect, options, processing key, outputs folder) is kept once.
/// </summary>
/// <remarks>
/// The file has no name once open: it is unlinked as soon as it is made (Windows deletes it on close, crash or not), so
/// a killed run leaves nothing behind and no run can ever read another's jobs. Not thread-safe; one read at a time.
/// </remarks>
public sealed class JobSpool : IDisposable
{
    private const int BufferSize = 1 << 16;
    private readonly FileStream _file;
    private readonly BinaryWriter _writer;
    private readonly List<ImageSize> _sizes = [];
    private readonly List<string> _modelIds = [];
    private Job? _first;
    private IReadOnlyDictionary<string, string>? _lastVariables;

    /// <param name="directory">Where the file is made; the system's temp folder (TMPDIR) when null.</param>
    public JobSpool(string? directory = null)
    {
        var path = Path.Combine(directory ?? Path.GetTempPath(), $"seedream-batch-jobs-{Environment.ProcessId}-{Guid.NewGuid():N}.tmp");
        _file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, BufferSize, FileOptions.DeleteOnClose);
        if (!OperatingSystem.IsWindows())
        {
            File.Delete(path);
        }

        _writer = new BinaryWriter(_file);
    }

    /// <summary>Jobs written.</summary>
    public long Count { get; private set; }

    public void Add(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var r = job.Request;
        _first ??= job;
        if (r.Dialect != _first.Request.Dialect || !Equals(r.Options, _first.Request.Options) || job.ProcessingKey != _first.ProcessingKey
            || job.Output.Directory != _first.Output.Directory)
        {
            throw new InvalidOperationException("a spool holds the jobs of one expansion: dialect, options, processing key and outputs folder are kept once");
        }

        var w = _writer;
        w.Write(Convert.FromHexString(job.Key));
        w.Write7BitEncodedInt64(job.Ordinal);
        w.Write7BitEncodedInt((int)r.Model);
        w.Write7BitEncodedInt(IndexIn(_modelIds, r.ProviderModelId));
        w.Write(r.Prompt);
        w.Write7BitEncodedInt(IndexIn(_sizes, r.Size));
        WriteOptional(r.Seed);
        WriteOptional(job.RequestedSeed);
        w.Write7BitEncodedInt(job.RepeatIndex);
        w.Write7BitEncodedInt(r.ImageCount);
        w.Write7BitEncodedInt(r.References.Count);
        foreach (var reference in r.References)
        {
            w.Write(reference.Source);
            w.Write(reference.ContentSha256 ?? "");
        }

        w.Write(job.Output.RelativeBaseName);
        w.Write(job.EstimatedCostUsd);

        // The jobs of one row and matrix combination share their variables (models × sizes × seeds × repeats): kept once.
        var same = ReferenceEquals(job.Variables, _lastVariables);
        w.Write7BitEncodedInt(same ? -1 : job.Variables.Count);
        if (!same)
        {
            foreach (var (name, value) in job.Variables)
            {
                w.Write(name);
                w.Write(value);
            }

            _lastVariables = job.Variables;
        }

        Count++;
    }

    /// <summary>The jobs, in the order they were added, equal to them field by field. Read as many times as needed.</summary>
    public IEnumerable<Job> Read()
    {
        _writer.Flush();
        var end = _file.Position;
        _file.Position = 0;
        using var reader = new BinaryReader(_file, System.Text.Encoding.UTF8, leaveOpen: true);
        var key = new byte[32];
        IReadOnlyDictionary<string, string> variables = new Dictionary<string, string>();
        try
        {
            for (var i = 0L; i < Count; i++)
            {
                reader.BaseStream.ReadExactly(key);
                var ordinal = reader.Read7BitEncodedInt64();
                var model = (SeedreamModel)reader.Read7BitEncodedInt();
                var modelId = _modelIds[reader.Read7BitEncodedInt()];
                var prompt = reader.ReadString();
                var size = _sizes[reader.Read7BitEncodedInt()];
                var seed = ReadOptional(reader);
                var requestedSeed = ReadOptional(reader);
                var repeat = reader.Read7BitEncodedInt();
                var imageCount = reader.Read7BitEncodedInt();
                var references = new ReferenceImage[reader.Read7BitEncodedInt()];
                for (var j = 0; j < references.Length; j++)
                {
                    var source = reader.ReadString();
                    var sha = reader.ReadString();
                    references[j] = sha.Length == 0 ? ReferenceImage.Url(source) : ReferenceImage.LocalFile(source, sha);
                }

                var name = reader.ReadString();
                var cost = reader.ReadDecimal();
                var count = reader.Read7BitEncodedInt();
                if (count >= 0)
                {
                    var read = new Dictionary<string, string>(count, StringComparer.Ordinal);
                    for (var j = 0; j < count; j++)
                    {
                        read.Add(reader.ReadString(), reader.ReadString());
                    }

                    variables = read;
                }

                var first = _first!;
                var request = new GenerationRequest(first.Request.Dialect, model, modelId, prompt, size, seed, references, imageCount, first.Request.Options);
                yield return new Job(
                    JobKey.FromHex(Convert.ToHexStringLower(key)), first.ProcessingKey, ordinal, request,
                    new OutputPlan(first.Output.Directory, name), cost, variables, requestedSeed, repeat);
            }
        }
        finally
        {
            _file.Position = end;
        }
    }

    public void Dispose()
    {
        _writer.Dispose();
        _file.Dispose();
    }

    private void WriteOptional(int? value)
    {
        _writer.Write(value.HasValue);
        if (value is { } v)
        {
            _writer.Write(v);
        }
    }

    /// <summary>The few values every job repeats (sizes, model ids) are written as their place in a list kept in memory.</summary>
    private static int IndexIn<T>(List<T> values, T value)
    {
        var index = values.IndexOf(value);
        if (index < 0)
        {
            values.Add(value);
            index = values.Count - 1;
        }

        return index;
    }

    private static int? ReadOptional(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadInt32() : null;
}
