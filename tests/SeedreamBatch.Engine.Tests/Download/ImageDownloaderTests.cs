using Microsoft.AspNetCore.Http;
using SeedreamBatch.Engine.Download;
using SeedreamBatch.Engine.Tests.Testing;

namespace SeedreamBatch.Engine.Tests.Download;

public sealed class ImageDownloaderTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private readonly FakeClock _time = new();
    private readonly HttpClient _http = new();
    private LoopbackServer _server = null!;

    public async Task InitializeAsync() => _server = await LoopbackServer.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task DownloadAsync_Png_SavesWithSniffedExtensionSizeAndHash()
    {
        var png = TestImages.Png(2048, 1152, totalBytes: 300_000);
        var url = _server.Map("/a.png", (c, _) => c.Response.Body.WriteAsync(png).AsTask());

        var file = await Downloader().DownloadAsync(Answer.Url(url), _dir.Combine("sku", "hero.original"), CancellationToken.None);

        Assert.Equal(_dir.Combine("sku", "hero.original.png"), file.Path);
        Assert.Equal(("png", 2048, 1152, 300_000L), (file.Format, file.Width, file.Height, file.Bytes));
        Assert.Equal(TestImages.Sha256(png), file.Sha256);
        Assert.Equal(png, await File.ReadAllBytesAsync(file.Path));
        Assert.Single(Directory.GetFiles(_dir.Combine("sku")));
    }

    public static TheoryData<string, byte[], string, int, int> AcceptedFormats() => new()
    {
        { "png", TestImages.Png(64, 32), "png", 64, 32 },
        { "jpeg", TestImages.Jpeg(40, 30), "jpeg", 40, 30 },
        // VP8X: 24-bit width-1 and height-1 at bytes 24 and 27.
        { "webp", [.. "RIFF"u8, 22, 0, 0, 0, .. "WEBPVP8X"u8, 10, 0, 0, 0, 0, 0, 0, 0, 99, 0, 0, 49, 0, 0], "webp", 100, 50 },
        { "gif", [.. "GIF89a"u8, 20, 0, 10, 0, 0, 0, 0], "gif", 20, 10 },
    };

    [Theory]
    [MemberData(nameof(AcceptedFormats))]
    public void Sniff_DownloadFormat_AcceptedWithItsSize(string name, byte[] head, string format, int width, int height) =>
        Assert.Equal((name, format, width, height), (name, ImageDownloader.Sniff(head).Format, ImageDownloader.Sniff(head).Width, ImageDownloader.Sniff(head).Height));

    [Theory]
    [InlineData("bmp")]
    [InlineData("tiff")]
    [InlineData("html")]
    public void Sniff_OtherImageFormatOrPage_RefusedAsNotAnImage(string kind)
    {
        byte[] head = kind switch
        {
            "bmp" => [.. "BM"u8, .. new byte[12], 40, 0, 0, 0, 8, 0, 0, 0, 8, 0, 0, 0],
            "tiff" => [0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0, 0, 0],
            _ => "<html><body>busy</body></html>"u8.ToArray(),
        };

        Assert.Equal("not_an_image", Assert.Throws<DownloadFailedException>(() => ImageDownloader.Sniff(head)).Code);
    }

    [Fact]
    public async Task DownloadAsync_HtmlErrorPageWith200_FailsNotAnImageAndLeavesNoFile()
    {
        var url = _server.Map("/page", (c, _) => c.Response.WriteAsync("<html><body>503 upstream busy</body></html>"));

        var error = await Assert.ThrowsAsync<DownloadFailedException>(
            () => Downloader().DownloadAsync(Answer.Url(url), _dir.Combine("x"), CancellationToken.None));

        Assert.Equal(("not_an_image", true), (error.Code, error.IsRetryable));
        Assert.True(_server.Hits("/page") > 1, "retried");
        Assert.Empty(Directory.GetFiles(_dir.Path));
    }

    [Fact]
    public void StaleTempFiles_Sweep_RemovesOnlyOurTempNames()
    {
        var guid = Guid.NewGuid().ToString("N");
        string[] ours = [_dir.Combine("sku", $".hero.original.{guid}.part"), _dir.Combine($".manifest.csv.{guid}.tmp")];
        string[] theirs = [_dir.Combine("sku", "notes.part"), _dir.Combine(".draft.tmp"), _dir.Combine("sku", "hero.original.png")];
        Directory.CreateDirectory(_dir.Combine("sku"));
        foreach (var path in ours.Concat(theirs))
        {
            File.WriteAllText(path, "x");
        }

        var removed = StaleTempFiles.Sweep(_dir.Path);

        Assert.Equal(2, removed);
        Assert.All(ours, p => Assert.False(File.Exists(p), p));
        Assert.All(theirs, p => Assert.True(File.Exists(p), p));
    }

    [Fact]
    public async Task DownloadAsync_TruncatedOnce_RetriesAndSucceeds()
    {
        var jpeg = TestImages.Jpeg(1600, 900);
        var url = _server.Map("/flaky", async (c, hit) =>
        {
            c.Response.ContentLength = jpeg.Length;
            if (hit == 1)
            {
                await c.Response.Body.WriteAsync(jpeg.AsMemory(0, 10));
                await c.Response.Body.FlushAsync();
                c.Abort();
                return;
            }

            await c.Response.Body.WriteAsync(jpeg);
        });

        var file = await Downloader().DownloadAsync(Answer.Url(url), _dir.Combine("x"), CancellationToken.None);

        Assert.Equal(2, _server.Hits("/flaky"));
        Assert.Equal(("jpeg", 1600, 900), (file.Format, file.Width, file.Height));
        Assert.EndsWith(".jpg", file.Path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DownloadAsync_AlwaysTruncated_FailsAfterConfiguredAttemptsWithoutLeavingFiles()
    {
        var url = _server.Map("/broken", async (c, _) =>
        {
            c.Response.ContentLength = 1000;
            await c.Response.Body.WriteAsync(new byte[10]);
            await c.Response.Body.FlushAsync();
            c.Abort();
        });

        var error = await Assert.ThrowsAsync<DownloadFailedException>(
            () => Downloader(attempts: 3).DownloadAsync(Answer.Url(url), _dir.Combine("x"), CancellationToken.None));

        Assert.True(error.IsRetryable);
        Assert.Equal(3, _server.Hits("/broken"));
        Assert.Empty(Directory.GetFiles(_dir.Path));
    }

    [Theory]
    [InlineData(403)]
    [InlineData(404)]
    public async Task DownloadAsync_ExpiredUrl_FailsOnceWithoutRetry(int status)
    {
        var url = _server.Map("/gone", (c, _) =>
        {
            c.Response.StatusCode = status;
            return Task.CompletedTask;
        });

        var error = await Assert.ThrowsAsync<DownloadFailedException>(
            () => Downloader().DownloadAsync(Answer.Url(url), _dir.Combine("x"), CancellationToken.None));

        Assert.False(error.IsRetryable);
        Assert.Equal($"http_{status}", error.Code);
        Assert.Contains("expired", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, _server.Hits("/gone"));
    }

    [Fact]
    public async Task DownloadAsync_ServerErrorThenOk_Retries()
    {
        var png = TestImages.Png(10, 10);
        var url = _server.Map("/busy", (c, hit) =>
        {
            if (hit == 1)
            {
                c.Response.StatusCode = 503;
                return Task.CompletedTask;
            }

            return c.Response.Body.WriteAsync(png).AsTask();
        });

        var file = await Downloader().DownloadAsync(Answer.Url(url), _dir.Combine("x"), CancellationToken.None);

        Assert.Equal(TestImages.Sha256(png), file.Sha256);
        Assert.Equal(2, _server.Hits("/busy"));
    }

    [Fact]
    public async Task DownloadAsync_AnnouncedOverCap_FailsWithoutRetry()
    {
        var url = _server.Map("/big", (c, _) =>
        {
            c.Response.ContentLength = 5000;
            return c.Response.Body.WriteAsync(new byte[5000]).AsTask();
        });

        var error = await Assert.ThrowsAsync<DownloadFailedException>(
            () => Downloader(maxBytes: 4096).DownloadAsync(Answer.Url(url), _dir.Combine("x"), CancellationToken.None));

        Assert.Equal("too_large", error.Code);
        Assert.Equal(1, _server.Hits("/big"));
    }

    [Fact]
    public async Task DownloadAsync_ChunkedBodyOverCap_StopsReadingAndFails()
    {
        var url = _server.Map("/endless", async (c, _) =>
        {
            for (var i = 0; i < 100 && !c.RequestAborted.IsCancellationRequested; i++)
            {
                await c.Response.Body.WriteAsync(new byte[1024], c.RequestAborted);
                await c.Response.Body.FlushAsync(c.RequestAborted);
            }
        });

        var error = await Assert.ThrowsAsync<DownloadFailedException>(
            () => Downloader(maxBytes: 4096).DownloadAsync(Answer.Url(url), _dir.Combine("x"), CancellationToken.None));

        Assert.Equal("too_large", error.Code);
        Assert.Empty(Directory.GetFiles(_dir.Path));
    }

    [Fact]
    public async Task DownloadAsync_StalledTransfer_TimesOutOnTheClockAndRetries()
    {
        var png = TestImages.Png(64, 64);
        var stalled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var url = _server.Map("/slow", async (c, hit) =>
        {
            c.Response.ContentLength = png.Length;
            if (hit == 1)
            {
                await c.Response.Body.WriteAsync(png.AsMemory(0, 100));
                await c.Response.Body.FlushAsync();
                stalled.SetResult();
                await Task.Delay(Timeout.Infinite, c.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            }

            await c.Response.Body.WriteAsync(png);
        });

        var download = Downloader().DownloadAsync(Answer.Url(url), _dir.Combine("x"), CancellationToken.None);
        await stalled.Task.WaitAsync(TimeSpan.FromSeconds(10));
        _time.Advance(TimeSpan.FromSeconds(30));

        var file = await download.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(TestImages.Sha256(png), file.Sha256);
        Assert.Equal(2, _server.Hits("/slow"));
    }

    [Fact]
    public async Task DownloadAsync_Base64_DecodesWithoutRequest()
    {
        var png = TestImages.Png(32, 16);

        var file = await Downloader().DownloadAsync(Answer.Base64(Convert.ToBase64String(png)), _dir.Combine("b"), CancellationToken.None);

        Assert.Equal(TestImages.Sha256(png), file.Sha256);
        Assert.Equal((32, 16), (file.Width, file.Height));
    }

    [Fact]
    public async Task DownloadAsync_DataUrl_Decodes()
    {
        var jpeg = TestImages.Jpeg(8, 4);

        var file = await Downloader().DownloadAsync(
            Answer.Url("data:image/jpeg;base64," + Convert.ToBase64String(jpeg)), _dir.Combine("d"), CancellationToken.None);

        Assert.Equal(("jpeg", 8, 4), (file.Format, file.Width, file.Height));
    }

    [Fact]
    public async Task DownloadAsync_BadBase64_FailsWithoutRetry()
    {
        var error = await Assert.ThrowsAsync<DownloadFailedException>(
            () => Downloader().DownloadAsync(Answer.Base64("%%%not base64"), _dir.Combine("d"), CancellationToken.None));

        Assert.Equal("bad_base64", error.Code);
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://cdn.example/a.png")]
    [InlineData("gopher://cdn.example/a.png")]
    public async Task DownloadAsync_NonHttpResultUrl_OwnKindWithoutAnyRequest(string url)
    {
        var error = await Assert.ThrowsAsync<DownloadFailedException>(
            () => Downloader().DownloadAsync(Answer.Url(url), _dir.Combine("x"), CancellationToken.None));

        Assert.Equal("unsupported_url", error.Code);
        Assert.False(error.IsRetryable);
        Assert.Contains("only http and https", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_dir.Path));
    }

    [Fact]
    public async Task DownloadAsync_DripFeedServer_TooSlowOnTheAttemptTimeoutNotAnInternalError()
    {
        var url = Drip(out var started);
        var download = Downloader(attempts: 1, idle: TimeSpan.FromMinutes(10)).DownloadAsync(Answer.Url(url), _dir.Combine("x"), CancellationToken.None);
        await started(1).WaitAsync(TimeSpan.FromSeconds(10));
        _time.Advance(TimeSpan.FromSeconds(30));

        var error = await Assert.ThrowsAsync<DownloadFailedException>(() => download.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("too_slow", error.Code);
        Assert.Contains("drip-feeding", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_dir.Path));
    }

    [Fact]
    public async Task DownloadAsync_DripFeedServerEveryTry_TotalDeadlineEndsItWithoutFurtherTries()
    {
        var url = Drip(out var started);
        var options = new DownloadOptions
        {
            Attempts = 10, RetryBaseDelay = TimeSpan.Zero, AttemptTimeout = TimeSpan.FromSeconds(30),
            IdleTimeout = TimeSpan.FromMinutes(10), TotalTimeout = TimeSpan.FromSeconds(45),
        };
        var download = new ImageDownloader(_http, options, _time).DownloadAsync(Answer.Url(url), _dir.Combine("x"), CancellationToken.None);
        await started(1).WaitAsync(TimeSpan.FromSeconds(10));
        _time.Advance(TimeSpan.FromSeconds(30));
        await started(2).WaitAsync(TimeSpan.FromSeconds(10));
        _time.Advance(TimeSpan.FromSeconds(15));

        var error = await Assert.ThrowsAsync<DownloadFailedException>(() => download.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("deadline", error.Code);
        Assert.False(error.IsRetryable);
        Assert.Equal(2, _server.Hits("/drip"));
    }

    [Fact]
    public async Task DownloadAsync_StoppedDuringADripFeed_EndsAtOnce()
    {
        var url = Drip(out var started);
        using var stop = new CancellationTokenSource();
        var download = Downloader().DownloadAsync(Answer.Url(url), _dir.Combine("x"), stop.Token);
        await started(1).WaitAsync(TimeSpan.FromSeconds(10));

        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => download.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Empty(Directory.GetFiles(_dir.Path));
    }

    /// <summary>A server that announces a large image and sends one byte every 20 ms (real time) until the client leaves.</summary>
    private string Drip(out Func<int, Task> started)
    {
        var hits = new[] { new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        started = n => hits[n - 1].Task;
        var png = TestImages.Png(64, 64);
        return _server.Map("/drip", async (c, hit) =>
        {
            c.Response.ContentLength = 10_000_000;
            await c.Response.Body.WriteAsync(png.AsMemory(0, 64), c.RequestAborted);
            await c.Response.Body.FlushAsync(c.RequestAborted);
            hits[Math.Min(hit, 2) - 1].TrySetResult();
            try
            {
                while (!c.RequestAborted.IsCancellationRequested)
                {
                    await Task.Delay(20, c.RequestAborted);
                    await c.Response.Body.WriteAsync(new byte[1], c.RequestAborted);
                    await c.Response.Body.FlushAsync(c.RequestAborted);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException)
            {
                // The client went away: that is the point.
            }
        });
    }

    private ImageDownloader Downloader(int attempts = 4, long maxBytes = 50L * 1024 * 1024, TimeSpan? idle = null) => new(
        _http,
        new DownloadOptions
        {
            Attempts = attempts, MaxBytes = maxBytes, RetryBaseDelay = TimeSpan.Zero, AttemptTimeout = TimeSpan.FromSeconds(30),
            IdleTimeout = idle ?? TimeSpan.FromSeconds(30),
        },
        _time);
}
