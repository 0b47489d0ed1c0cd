using System.Collections.Concurrent;

namespace SeedreamBatch.Providers.Tests.Testing;

internal sealed class RecordingLog : IProviderLog
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => _lines.ToArray();

    public void Write(string message) => _lines.Enqueue(message);
}
