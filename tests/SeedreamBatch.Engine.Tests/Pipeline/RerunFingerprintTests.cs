using Microsoft.Data.Sqlite;
using SeedreamBatch.Engine.Download;
using SeedreamBatch.Engine.State;
using SeedreamBatch.Engine.Tests.Testing;

namespace SeedreamBatch.Engine.Tests.Pipeline;

/// <summary>
/// A rerun trusts a file whose stat fingerprint (size, modification and change times, inode) is what the engine recorded
/// when it wrote it, instead of hashing it; any change to the file — its size, its bytes, its bytes with the modification
/// time set back, or another file moved over it — is seen, and <c>--verify</c> hashes every file whatever its fingerprint.
/// </summary>
public sealed class RerunFingerprintTests : IDisposable
{
    private const string Variant = "sku-000001/studio.web.png";
    private readonly TempDirectory _dir = new();
    private readonly EngineHarness _engine;

    public RerunFingerprintTests() => _engine = new EngineHarness(_dir.Path);

    [Fact]
    public async Task RunAsync_UnchangedFiles_TrustedByFingerprintWithoutHashingAndVerifyHashesThem()
    {
        await _engine.RunAsync(_engine.Jobs(3), new FakeImageProvider());

        // A recorded hash no file can match: only a rerun that hashes the file notices it.
        SetRecordedSha256(Variant, new string('0', 64));

        var trusted = await _engine.RunAsync(_engine.Jobs(3), new FakeImageProvider());
        var verified = await _engine.RunAsync(_engine.Jobs(3), new FakeImageProvider(), verify: true);

        Assert.Equal((0, 3), (trusted.Done, trusted.SkippedDone));
        Assert.Equal((1, 2), (verified.Done, verified.SkippedDone));
    }

    [Fact]
    public async Task RunAsync_FilesRecorded_FingerprintIsTheFilesStat()
    {
        await _engine.RunAsync(_engine.Jobs(1), new FakeImageProvider());

        using var reader = _engine.OpenReader();
        var outputs = await reader.GetOutputsAsync(TestJobs.Create(0).Key, CancellationToken.None);

        Assert.Equal(2, outputs.Count);
        Assert.All(outputs, o => Assert.Equal(FileStamp.Of(_dir.Combine(o.Path)), o.Stamp));
        Assert.All(outputs, o => Assert.Equal(o.Bytes, o.Stamp!.Value.Size));
    }

    [Theory]
    [InlineData("size")]
    [InlineData("bytes")]
    [InlineData("bytes, modification time set back")]
    [InlineData("another file moved over it, same size and modification time")]
    public async Task RunAsync_FileChanged_NeverTrustedAndMadeAgain(string change)
    {
        await _engine.RunAsync(_engine.Jobs(3), new FakeImageProvider());
        var path = _dir.Combine(Variant);
        var bytes = await File.ReadAllBytesAsync(path);
        var modified = File.GetLastWriteTimeUtc(path);
        var changed = bytes.ToArray();
        changed[^1] ^= 0xFF;

        switch (change)
        {
            case "size":
                await File.AppendAllTextAsync(path, "x");
                break;
            case "bytes":
                await File.WriteAllBytesAsync(path, changed);
                break;
            case "bytes, modification time set back":
                await File.WriteAllBytesAsync(path, changed);
                File.SetLastWriteTimeUtc(path, modified);
                break;
            default:
                var other = path + ".other";
                await File.WriteAllBytesAsync(other, changed);
                File.SetLastWriteTimeUtc(other, modified);
                File.Move(other, path, overwrite: true);
                break;
        }

        var rerunClient = new FakeImageProvider();
        var outcome = await _engine.RunAsync(_engine.Jobs(3), rerunClient);

        Assert.Equal(0, rerunClient.TotalSubmits);
        Assert.Equal((1, 2), (outcome.Done, outcome.SkippedDone));
        Assert.NotEqual(changed, await File.ReadAllBytesAsync(path));
    }

    public void Dispose()
    {
        _engine.Dispose();
        _dir.Dispose();
    }

    private void SetRecordedSha256(string path, string sha256)
    {
        SqliteCommands.EnsureInitialized();
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _engine.DatabasePath, Pooling = false }.ToString());
        connection.Open();
        Assert.Equal(1, SqliteCommands.Execute(connection, "UPDATE outputs SET sha256 = $sha WHERE path = $path", ("$sha", sha256), ("$path", path)));
    }
}
