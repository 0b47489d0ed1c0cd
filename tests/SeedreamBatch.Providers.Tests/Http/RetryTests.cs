using System.Net;
using SeedreamBatch.Core.Models;
using SeedreamBatch.Providers.Tests.Testing;

namespace SeedreamBatch.Providers.Tests.Http;

public sealed class RetryTests
{
    private const string Ok = """{"data":[{"url":"https://x.example/0.jpeg","size":"2048x2048"}],"usage":{"generated_images":1}}""";
    private const string RateLimited = """{"error":{"code":"RateLimitExceeded.EndpointRPMExceeded","message":"slow down"}}""";

    [Fact]
    public async Task SubmitAsync_Paid429_HandedToEngineAtOnceWithRetryAfter()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Json(RateLimited, HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(7)));
        using var provider = TestRequests.Create(TestRequests.Settings(ProviderDialect.Ark), handler);

        var ex = await Assert.ThrowsAsync<ProviderException>(() => provider.SubmitAsync(TestRequests.For(ProviderDialect.Ark, SeedreamModel.Seedream45), "k", CancellationToken.None));

        // No adapter retry to multiply with the engine's: its adaptive limiter sees the 429 and the wait.
        Assert.Equal(ProviderErrorKind.RateLimited, ex.Error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(7), ex.Error.RetryAfter);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task SubmitAsync_429WithPaidRateLimitRetries_RetriedOnlyAfterThatDelay()
    {
        var time = new FakeClock(TestRequests.ClockStart);
        var handler = new ScriptedHandler(ScriptedHandler.Json(RateLimited, HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(7)), ScriptedHandler.Json(Ok));
        var log = new RecordingLog();
        using var provider = TestRequests.Create(TestRequests.Settings(ProviderDialect.Ark) with { PaidRateLimitRetries = 1 }, handler, time, log);

        var submit = provider.SubmitAsync(TestRequests.For(ProviderDialect.Ark, SeedreamModel.Seedream45), "k", CancellationToken.None);
        await time.WaitForTimerAsync(due => due >= TimeSpan.FromSeconds(7) && due <= TimeSpan.FromSeconds(8));

        time.Advance(TimeSpan.FromSeconds(7) - TimeSpan.FromMilliseconds(1));
        Assert.Single(handler.Requests);
        Assert.False(submit.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(1));
        await handler.WaitForRequestsAsync(2);
        var handle = await submit;
        Assert.IsType<GeneratedImage>((await TestRequests.DrainAsync(provider, handle))[0]);
        Assert.Equal(handler.Requests[0].Body, handler.Requests[1].Body);
        Assert.Contains(log.Lines, l => l.Contains("HTTP 429", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SubmitAsync_RetryAfterBeyondMaxDelay_HandedToEngineWithRetryAfter()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Json(RateLimited, HttpStatusCode.TooManyRequests, TimeSpan.FromMinutes(10)));
        using var provider = TestRequests.Create(TestRequests.Settings(ProviderDialect.Ark), handler);

        var ex = await Assert.ThrowsAsync<ProviderException>(() => provider.SubmitAsync(TestRequests.For(ProviderDialect.Ark, SeedreamModel.Seedream45), "k", CancellationToken.None));

        Assert.Equal(ProviderErrorKind.RateLimited, ex.Error.Kind);
        Assert.True(ex.IsRetryable);
        Assert.Equal(TimeSpan.FromMinutes(10), ex.Error.RetryAfter);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task SubmitAsync_ServerErrorsWithPaidRefusalRetries_ThrowsServerErrorAfterThemPlusOne()
    {
        var time = new FakeClock(TestRequests.ClockStart);
        var handler = new ScriptedHandler(_ => ScriptedHandler.Json("""{"error":{"code":"InternalServiceError","message":"boom"}}""", HttpStatusCode.InternalServerError));
        var settings = TestRequests.Settings(ProviderDialect.Ark) with { PaidRefusalRetries = 2 };
        using var provider = TestRequests.Create(settings, handler, time);

        var submit = provider.SubmitAsync(TestRequests.For(ProviderDialect.Ark, SeedreamModel.Seedream45), "k", CancellationToken.None);
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            // The backoff before the next attempt: the only timer within max_retry_delay (the attempt's own
            // timeout is minutes). Advance exactly to it, never past: the next attempt may run inside Advance,
            // and its backoff would fire in the same call if the clock were moved further.
            await time.WaitForTimerAsync(due => due > TimeSpan.Zero && due <= settings.MaxRetryDelay);
            Assert.Equal(attempt, handler.Requests.Count);
            Assert.False(submit.IsCompleted);
            time.Advance(time.PendingDueTimes.Single(due => due <= settings.MaxRetryDelay));
            await handler.WaitForRequestsAsync(attempt + 1);
        }

        var ex = await Assert.ThrowsAsync<ProviderException>(() => submit);
        Assert.Equal(ProviderErrorKind.ServerError, ex.Error.Kind);
        Assert.Equal(3, handler.Requests.Count);
    }

    [Theory]
    [InlineData(408, null)]
    [InlineData(502, """{"error":{"code":"BadGateway","message":"bad gateway"}}""")]
    [InlineData(504, "<html>gateway timeout</html>")]
    [InlineData(524, "<html>a timeout occurred</html>")]
    [InlineData(500, "<html>oops</html>")]
    [InlineData(503, """{"error":{"code":"ServiceUnavailable","message":"no Retry-After"}}""")]
    [InlineData(400, """{"error":{"code":"RequestTimeout","message":"upstream timed out"}}""")]
    public async Task SubmitAsync_PaidGatewayAnswer_OutcomeUnknownNotResent(int status, string? body)
    {
        var handler = new ScriptedHandler(_ => ScriptedHandler.Json(body ?? "", (HttpStatusCode)status));
        using var provider = TestRequests.Create(TestRequests.Settings(ProviderDialect.Ark), handler);

        var ex = await Assert.ThrowsAsync<ProviderException>(() => provider.SubmitAsync(TestRequests.For(ProviderDialect.Ark, SeedreamModel.Seedream45), "k", CancellationToken.None));

        Assert.Equal(ProviderErrorKind.OutcomeUnknown, ex.Error.Kind);
        Assert.False(ex.IsRetryable);
        Assert.Equal(status, ex.Error.HttpStatus);
        Assert.Single(handler.Requests);
    }

    [Theory]
    [InlineData(500, """{"error":{"code":"InternalServiceError","message":"boom"}}""", false)]
    [InlineData(503, """{"error":{"code":"ServiceUnavailable","message":"busy"}}""", true)]
    public async Task SubmitAsync_PaidDocumentedRefusal_HandedToEngineAtOnceWithRetryAfter(int status, string body, bool retryAfter)
    {
        var handler = new ScriptedHandler(ScriptedHandler.Json(body, (HttpStatusCode)status, retryAfter ? TimeSpan.FromSeconds(3) : null));
        using var provider = TestRequests.Create(TestRequests.Settings(ProviderDialect.Ark), handler);

        var ex = await Assert.ThrowsAsync<ProviderException>(() => provider.SubmitAsync(TestRequests.For(ProviderDialect.Ark, SeedreamModel.Seedream45), "k", CancellationToken.None));

        // The engine resends it and counts each submission against retry.attempts; a resend here would go uncounted.
        Assert.Equal(ProviderErrorKind.ServerError, ex.Error.Kind);
        Assert.True(ex.IsRetryable);
        Assert.Equal(retryAfter ? TimeSpan.FromSeconds(3) : null, ex.Error.RetryAfter);
        Assert.Single(handler.Requests);
    }

    [Theory]
    [InlineData(ProviderDialect.Ark, 503, """{"error":{"code":"ServiceUnavailable","message":"busy"}}""", true)]
    [InlineData(ProviderDialect.Kie, 455, """{"error":{"code":455,"message":"service unavailable, retry later","type":"service_unavailable"}}""", false)]
    [InlineData(ProviderDialect.Kie, 503, """{"error":{"code":503,"message":"busy","type":"service_unavailable"}}""", true)]
    public async Task SubmitAsync_DocumentedRefusalWithPaidRefusalRetries_RetriedInAdapter(ProviderDialect dialect, int status, string body, bool retryAfter)
    {
        var time = new FakeClock(TestRequests.ClockStart);
        var created = dialect switch
        {
            ProviderDialect.Kie => """{"code":200,"data":{"task_id":"t"}}""",
            ProviderDialect.AceData => """{"success":true,"task_id":"t"}""",
            _ => Ok,
        };
        var handler = new ScriptedHandler(ScriptedHandler.Json(body, (HttpStatusCode)status, retryAfter ? TimeSpan.FromSeconds(1) : null), ScriptedHandler.Json(created));
        using var provider = TestRequests.Create(TestRequests.Settings(dialect) with { PaidRefusalRetries = 1 }, handler, time);
        var request = dialect == ProviderDialect.Kie ? TestRequests.For(dialect, SeedreamModel.Seedream45, size: "1:1") : TestRequests.For(dialect, SeedreamModel.Seedream45);

        var submit = provider.SubmitAsync(request, "k", CancellationToken.None);
        await time.WaitForTimerAsync(due => due < TimeSpan.FromSeconds(10));
        time.Advance(TimeSpan.FromSeconds(10));

        await submit;
        Assert.Equal(2, handler.Requests.Count);
    }

    [Theory]
    [InlineData(ProviderDialect.Ark, 502, ProviderErrorKind.OutcomeUnknown)] // a gateway's 502 to a paid request: may have been billed (PaidErrorPolicy)
    [InlineData(ProviderDialect.Fal, 503, ProviderErrorKind.ServerError)]    // fal bills no 5xx: a refusal
    public async Task SubmitAsync_EndlessErrorBody_ReadCappedAndClassifiedByStatus(ProviderDialect dialect, int status, ProviderErrorKind kind)
    {
        var body = new EndlessStream();
        var handler = new ScriptedHandler(_ => new HttpResponseMessage((HttpStatusCode)status) { Content = new StreamContent(body) });
        using var provider = TestRequests.Create(TestRequests.Settings(dialect), handler);

        var ex = await Assert.ThrowsAsync<ProviderException>(() => provider.SubmitAsync(TestRequests.For(dialect, SeedreamModel.Seedream45), "k", CancellationToken.None))
            .WaitAsync(TimeSpan.FromSeconds(20));

        // The headers decide: the status is the error, not a transport failure while buffering the endless body.
        Assert.Equal(kind, ex.Error.Kind);
        Assert.Equal(status, ex.Error.HttpStatus);
        Assert.Equal("http_" + status, ex.Error.ProviderCode);
        Assert.True(ex.Error.Message.Length <= 1000);
        // Only the error-body cap (64 KB, plus one read's worth of buffering) came off the wire.
        Assert.InRange(body.BytesRead, 1, 256 * 1024);
    }

    [Fact]
    public async Task SubmitAsync_PaidRequestTimesOut_NotResentAndClassifiedTimeout()
    {
        var time = new FakeClock(TestRequests.ClockStart);
        var hanging = new HangingHandler();
        using var provider = TestRequests.Create(TestRequests.Settings(ProviderDialect.Ark) with { RequestTimeout = TimeSpan.FromSeconds(30) }, hanging, time);

        var submit = provider.SubmitAsync(TestRequests.For(ProviderDialect.Ark, SeedreamModel.Seedream45), "k", CancellationToken.None);
        await time.WaitForTimerAsync(due => due == TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromSeconds(30));

        var ex = await Assert.ThrowsAsync<ProviderException>(() => submit);
        // Sent and unanswered: the provider may be generating (and billing) it; the engine must not resend blindly.
        Assert.Equal(ProviderErrorKind.OutcomeUnknown, ex.Error.Kind);
        Assert.False(ex.IsRetryable);
        Assert.Equal(1, hanging.Calls);
    }

    [Theory]
    [InlineData(1, 340)]   // 5 min + 40 s
    [InlineData(4, 460)]   // 5 min + 4 × 40 s
    [InlineData(15, 900)]  // 5 min + 600 s = 15 min, the cap
    public async Task SubmitAsync_UnconfiguredTimeout_FitsTheImagesAskedForAndStaysUnknown(int images, int seconds)
    {
        // docs/provider-apis.md §1 "Time": a synchronous request for n images needs about 5 min + 40 s per image (cap 15 min).
        var time = new FakeClock(TestRequests.ClockStart);
        var hanging = new HangingHandler();
        using var provider = TestRequests.Create(TestRequests.Settings(ProviderDialect.Ark), hanging, time);

        var submit = provider.SubmitAsync(TestRequests.For(ProviderDialect.Ark, SeedreamModel.Seedream40, size: "2K", count: images), "k", CancellationToken.None);
        await time.WaitForTimerAsync(due => due == TimeSpan.FromSeconds(seconds));
        Assert.DoesNotContain(time.PendingDueTimes, due => due < TimeSpan.FromSeconds(seconds));
        time.Advance(TimeSpan.FromSeconds(seconds));

        var ex = await Assert.ThrowsAsync<ProviderException>(() => submit);
        Assert.Equal(ProviderErrorKind.OutcomeUnknown, ex.Error.Kind);
        Assert.Contains($"no answer within {seconds} s", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, hanging.Calls);
    }

    [Fact]
    public async Task AwaitAsync_PollBrokenAfterSending_RetriedBecausePollsAreFree()
    {
        var time = new FakeClock(TestRequests.ClockStart);
        var calls = 0;
        var handler = new ScriptedHandler(r => r.Uri.AbsolutePath.EndsWith("/tasks/t-1", StringComparison.Ordinal) && ++calls == 1
            ? throw new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely")
            : ScriptedHandler.Json(r.Method == HttpMethod.Post
                ? """{"code":200,"message":"success","data":{"task_id":"t-1","status":"IN_PROGRESS"}}"""
                : """{"code":200,"data":{"task_id":"t-1","status":"completed","images":["https://x.example/0.jpeg"]}}"""));
        using var provider = TestRequests.Create(TestRequests.Settings(ProviderDialect.Kie), handler, time);

        var handle = await provider.SubmitAsync(TestRequests.For(ProviderDialect.Kie, SeedreamModel.Seedream45, size: "1:1"), "k", CancellationToken.None);
        var drain = TestRequests.DrainAsync(provider, handle);
        while (!drain.IsCompleted)
        {
            await Task.WhenAny(drain, time.WaitForTimerAsync(due => due > TimeSpan.Zero && due < TimeSpan.FromSeconds(30)));
            if (!drain.IsCompleted)
            {
                time.Advance(time.PendingDueTimes.Where(d => d > TimeSpan.Zero && d < TimeSpan.FromSeconds(30)).Min());
            }
        }

        Assert.IsType<GeneratedImage>((await drain)[0]);
        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task SubmitAsync_ConnectionRefused_RetriedBecauseNothingWasSent()
    {
        var time = new FakeClock(TestRequests.ClockStart);
        var calls = 0;
        var handler = new ScriptedHandler(_ => ++calls == 1
            ? throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused")
            : ScriptedHandler.Json(Ok));
        using var provider = TestRequests.Create(TestRequests.Settings(ProviderDialect.Ark), handler, time);

        var submit = provider.SubmitAsync(TestRequests.For(ProviderDialect.Ark, SeedreamModel.Seedream45), "k", CancellationToken.None);
        await time.WaitForTimerAsync(due => due < TimeSpan.FromSeconds(10));
        time.Advance(TimeSpan.FromSeconds(10));

        await submit;
        Assert.Equal(2, handler.Requests.Count);
    }

    [Theory]
    [InlineData(ProviderDialect.Ark)]
    [InlineData(ProviderDialect.OpenAICompatible)]
    [InlineData(ProviderDialect.AceData)]
    public async Task SubmitAsync_ResetAfterSending_OutcomeUnknownNotResent(ProviderDialect dialect)
    {
        var handler = new ScriptedHandler(_ => throw new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely"));
        using var provider = TestRequests.Create(TestRequests.Settings(dialect, dialect == ProviderDialect.OpenAICompatible ? "https://gw.example.com" : null), handler);

        var ex = await Assert.ThrowsAsync<ProviderException>(() => provider.SubmitAsync(TestRequests.For(dialect, SeedreamModel.Seedream45), "k", CancellationToken.None));

        Assert.Equal(ProviderErrorKind.OutcomeUnknown, ex.Error.Kind);
        Assert.False(ex.IsRetryable);
        Assert.Contains("may have been accepted and billed", ex.Error.Message, StringComparison.Ordinal);
        Assert.Single(handler.Requests);
    }

    [Theory]
    [InlineData(HttpRequestError.NameResolutionError)]
    [InlineData(HttpRequestError.SecureConnectionError)]
    public async Task SubmitAsync_ConnectionNeverEstablished_TransportRetryable(HttpRequestError error)
    {
        var handler = new ScriptedHandler(_ => throw new HttpRequestException(error, "could not connect"));
        using var provider = TestRequests.Create(TestRequests.Settings(ProviderDialect.Ark) with { MaxRetries = 0 }, handler);

        var ex = await Assert.ThrowsAsync<ProviderException>(() => provider.SubmitAsync(TestRequests.For(ProviderDialect.Ark, SeedreamModel.Seedream45), "k", CancellationToken.None));

        Assert.Equal(ProviderErrorKind.Transport, ex.Error.Kind);
        Assert.True(ex.IsRetryable);
    }

    /// <summary>An error page that never ends: reading it whole would never finish.</summary>
    private sealed class EndlessStream : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => 0; set => throw new NotSupportedException(); }

        public long BytesRead { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Array.Fill(buffer, (byte)'x', offset, count);
            BytesRead += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private sealed class HangingHandler : HttpMessageHandler
    {
        public int Calls;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Calls);
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }
}
