using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using SeedreamBatch.Core.Models;
using SeedreamBatch.Core.Providers;

namespace SeedreamBatch.Providers.Http;

/// <summary>
/// The one HttpClient of a provider, with its key, connection limits, per-attempt timeout and Polly retries
/// (jittered backoff that waits at least as long as <c>Retry-After</c>), all on the injected clock.
/// Turns every failure into a <see cref="ProviderException"/> whose text is redacted.
/// </summary>
internal sealed class ProviderHttp : IDisposable
{
    public const string JobHeader = "X-Seedream-Job";

    // Error bodies are read for their code and message only; a huge (or endless) HTML page is cut here.
    private const int MaxErrorBodyBytes = 64 * 1024;

    // A non-stream 2xx is buffered up to this: the largest documented answer is 15 base64 images at 4K
    // (about 15 × 25 MB of PNG, × 4/3 for base64 ≈ 500 MB). Beyond it the answer is not one we asked for.
    private const long MaxSuccessBodyBytes = 512L * 1024 * 1024;

    private readonly HttpClient _client;
    private readonly ResiliencePipeline<HttpResponseMessage> _paid;
    private readonly ResiliencePipeline<HttpResponseMessage> _free;
    private readonly ProviderDialect _dialect;
    private readonly TimeProvider _time;
    private readonly RetryJitter _jitter;
    private readonly RedactingLog _log;
    private readonly ProviderSettings _settings;

    private static readonly ResiliencePropertyKey<TimeSpan> TimeoutKey = new("seedream.timeout");

    public ProviderHttp(ProviderSettings settings, string apiKey, TimeProvider time, RedactingLog log, SecretRedactor redactor, HttpMessageHandler? handler, RetryJitter? jitter = null)
    {
        _settings = settings;
        _jitter = jitter ?? RetryJitter.Shared;
        _dialect = settings.Dialect;
        _time = time;
        _log = log;
        Redactor = redactor;
        _client = new HttpClient(handler ?? CreateHandler(settings), disposeHandler: true)
        {
            BaseAddress = EnsureTrailingSlash(settings.BaseUri ?? throw new ArgumentException("base_url is not a valid URL", nameof(settings))),
            // Polly's timeout strategy owns per-attempt timeouts, on the injected clock.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        // fal.ai takes `Authorization: Key <key>`; everyone else a bearer token.
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(settings.Dialect == ProviderDialect.Fal ? "Key" : "Bearer", apiKey);
        if (settings.Dialect == ProviderDialect.Replicate)
        {
            // Hold the create answer until the prediction is done (up to 60 s upstream); polls ignore it.
            _client.DefaultRequestHeaders.Add("Prefer", "wait");
        }
        _client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        _client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("SeedreamBatch", "0.1"));
        _paid = BuildPipeline(paid: true);
        _free = BuildPipeline(paid: false);
    }

    public SecretRedactor Redactor { get; }

    /// <summary>Sends and returns a 2xx response (caller disposes), or throws a classified <see cref="ProviderException"/>.</summary>
    public async Task<HttpResponseMessage> SendAsync(ProviderCall call, CancellationToken cancellationToken)
    {
        var body = call.Body?.ToJsonString();
        var pipeline = call.Paid ? _paid : _free;
        var timeout = call.TimeoutUnder(_settings);
        HttpResponseMessage response;
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(TimeoutKey, timeout);
        try
        {
            response = await pipeline.ExecuteAsync(
                async ctx =>
                {
                    var token = ctx.CancellationToken;
                    using var message = new HttpRequestMessage(call.Method, new Uri(call.Path.TrimStart('/'), UriKind.Relative));
                    message.Headers.Add(JobHeader, call.JobKey);
                    if (body is not null)
                    {
                        message.Content = new StringContent(body, Encoding.UTF8, "application/json");
                    }

                    // Headers first, so the status decides how much body to read: an error body is cut at
                    // MaxErrorBodyBytes, a non-stream answer at MaxSuccessBodyBytes, a stream is left to its reader.
                    // Both reads run here, under the per-attempt timeout.
                    var response = await _client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
                    try
                    {
                        if (!response.IsSuccessStatusCode)
                        {
                            await ReadErrorBodyAsync(response, token).ConfigureAwait(false);
                        }
                        else if (!call.Stream)
                        {
                            await response.Content.LoadIntoBufferAsync(MaxSuccessBodyBytes, token).ConfigureAwait(false);
                        }
                    }
                    catch
                    {
                        response.Dispose();
                        throw;
                    }

                    return response;
                },
                context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is TimeoutRejectedException or OperationCanceledException)
        {
            // A paid request that got no answer in time may still be generating, and billing, upstream.
            var message = $"no answer within {Seconds(timeout)} s";
            throw call.Paid ? Unknown("timeout", message, ex) : Fail(ProviderErrorKind.Timeout, "timeout", message, null, ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            // Only a connection that was never established proves the provider never saw the paid request.
            throw call.Paid && !NeverSent(ex) ? Unknown("transport", ex.Message, ex) : Fail(ProviderErrorKind.Transport, "transport", ex.Message, null, ex);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await ErrorFromAsync(response, call.Paid, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sends and parses the 2xx JSON answer.</summary>
    public async Task<JsonNode> SendJsonAsync(ProviderCall call, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(call, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return ParseJson(text, call.Paid);
    }

    /// <summary>Parses a 2xx answer; <paramref name="paid"/>: the answer is to a paid request (see <see cref="ProviderErrorKind.OutcomeUnknown"/>).</summary>
    public JsonNode ParseJson(string text, bool paid)
    {
        try
        {
            return JsonNode.Parse(text) ?? throw new JsonException("empty answer");
        }
        catch (JsonException ex)
        {
            var message = "the answer is not JSON: " + ex.Message;
            // A poll is free to repeat. A paid 2xx was accepted, so it may be billed: never resent on our own.
            throw paid ? Unknown("malformed_response", message, ex) : Fail(ProviderErrorKind.ServerError, "malformed_response", message, null, ex);
        }
    }

    /// <summary>
    /// A paid request whose fate we cannot know (<see cref="ProviderErrorKind.OutcomeUnknown"/>); the message says
    /// so, because whoever reads it decides whether to pay again.
    /// </summary>
    public ProviderException Unknown(string code, string message, Exception? inner = null, int? status = null) =>
        Fail(ProviderErrorKind.OutcomeUnknown, code, message + "; the request may have been accepted and billed: only resubmit deliberately", status, inner);

    /// <summary>A classified, redacted exception; adapters use it for their own refusals too.</summary>
    public ProviderException Fail(ProviderErrorKind kind, string code, string message, int? status = null, Exception? inner = null, TimeSpan? retryAfter = null)
    {
        var error = new ProviderError(kind, _dialect, Redactor.Redact(code), Redactor.Redact(message), status, retryAfter);
        return inner is null ? new ProviderException(error) : new ProviderException(error, new RedactedException(Redactor.Redact(inner.Message)));
    }

    /// <summary>The classified error for a provider's code and message (per-image errors, failed tasks, 200-with-error bodies).</summary>
    public ProviderException Classified(string? code, string message, int? status = null) =>
        Fail(ErrorClassifier.Classify(status, code, message), code ?? (status is { } s ? "http_" + s.ToString(CultureInfo.InvariantCulture) : "error"), message, status);

    public void Dispose() => _client.Dispose();

    private async Task<ProviderException> ErrorFromAsync(HttpResponseMessage response, bool paid, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var (code, message) = ErrorBody.Parse(await ReadErrorBodyAsync(response, cancellationToken).ConfigureAwait(false));
        var retryAfter = RetryAfter.From(response.Headers, _time);
        var kind = Classify(response, code, message, paid);
        var codeText = code ?? "http_" + status.ToString(CultureInfo.InvariantCulture);
        var text = message.Length > 0 ? message : response.ReasonPhrase ?? "";
        return kind == ProviderErrorKind.OutcomeUnknown
            ? Unknown(codeText, text, null, status)
            : Fail(kind, codeText, text, status, null, retryAfter);
    }

    private ProviderErrorKind Classify(HttpResponseMessage response, string? code, string message, bool paid)
    {
        var status = (int)response.StatusCode;
        return paid
            ? PaidErrorPolicy.Classify(_dialect, status, code, message, response.Headers.RetryAfter is not null)
            : ErrorClassifier.Classify(status, code, message);
    }

    /// <summary>
    /// At most <see cref="MaxErrorBodyBytes"/> of an error body, read under the caller's token. The capped text
    /// replaces the content, so the retry decision and the final error read the same bytes once from the network.
    /// </summary>
    private static async Task<string> ReadErrorBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content is CappedErrorContent capped)
        {
            return capped.Text;
        }

        var text = "";
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var buffer = new byte[MaxErrorBodyBytes];
            var length = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            text = Encoding.UTF8.GetString(buffer, 0, length);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            // The status decides then.
        }

        response.Content.Dispose();
        response.Content = new CappedErrorContent(text);
        return text;
    }

    private ResiliencePipeline<HttpResponseMessage> BuildPipeline(bool paid)
    {
        var retry = new RetryStrategyOptions<HttpResponseMessage>
        {
            // Each kind has its own budget (ShouldRetryAsync); this is only the ceiling.
            MaxRetryAttempts = Math.Max(1, Math.Max(_settings.MaxRetries, Math.Max(_settings.PaidRateLimitRetries, _settings.PaidRefusalRetries))),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromSeconds(1),
            MaxDelay = _settings.MaxRetryDelay,
            ShouldHandle = args => new ValueTask<bool>(ShouldRetryAsync(args.Outcome, args.AttemptNumber, paid, args.Context.CancellationToken)),
            DelayGenerator = args => ValueTask.FromResult(RetryAfterDelay(args.Outcome)),
            OnRetry = args =>
            {
                var what = args.Outcome.Result is { } r ? "HTTP " + ((int)r.StatusCode).ToString(CultureInfo.InvariantCulture) : args.Outcome.Exception?.GetType().Name;
                _log.Write($"{_dialect.ToName()}: {what}, retry {args.AttemptNumber + 1} in {Seconds(args.RetryDelay)} s");
                return default;
            },
        };
        return new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = _time }
            .AddRetry(retry)
            .AddTimeout(new TimeoutStrategyOptions
            {
                // Per call: a paid request for n images gets longer than a poll (ProviderCall.TimeoutUnder).
                TimeoutGenerator = args => ValueTask.FromResult(args.Context.Properties.GetValue(TimeoutKey, _settings.TimeoutFor(1))),
            })
            .Build();
    }

    /// <param name="attempt">Zero-based number of the attempt that just failed.</param>
    private async Task<bool> ShouldRetryAsync(Outcome<HttpResponseMessage> outcome, int attempt, bool paid, CancellationToken cancellationToken)
    {
        var transportBudget = attempt < _settings.MaxRetries;
        if (outcome.Result is { } response)
        {
            var status = (int)response.StatusCode;
            // 455: KIE's "service unavailable, retry later".
            if (status is not (429 or 408 or 455 or >= 500))
            {
                return false;
            }

            // A Retry-After beyond our patience goes to the engine's limiter, which holds back every job, not just this one.
            if (RetryAfter.From(response.Headers, _time) > _settings.MaxRetryDelay)
            {
                return false;
            }

            // The status alone can lie: a 429 "insufficient_quota" is an empty account, and resending cannot fix it.
            var (code, message) = ErrorBody.Parse(await ReadErrorBodyAsync(response, cancellationToken).ConfigureAwait(false));
            return Classify(response, code, message, paid) switch
            {
                // Paid 429s go to the engine at once by default: its adaptive limiter must see them, and a retry here
                // multiplied by the engine's own retries would hammer an account that is already over its limit.
                ProviderErrorKind.RateLimited => attempt < (paid ? _settings.PaidRateLimitRetries : _settings.MaxRetries),

                // Likewise a paid refusal: the engine resends it and counts the submission against retry.attempts.
                ProviderErrorKind.ServerError when paid => attempt < _settings.PaidRefusalRetries,
                var kind => kind.IsRetryable() && transportBudget,
            };
        }

        return transportBudget && outcome.Exception switch
        {
            { } ex when NeverSent(ex) => true,
            HttpRequestException or IOException or TimeoutRejectedException => !paid,
            _ => false,
        };
    }

    /// <summary>The connection was never established (refused, DNS, proxy tunnel, TLS handshake): nothing was sent, nothing billed.</summary>
    private static bool NeverSent(Exception ex) => ex is HttpRequestException
    {
        HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.ProxyTunnelError or HttpRequestError.SecureConnectionError,
    };

    private TimeSpan? RetryAfterDelay(Outcome<HttpResponseMessage> outcome)
    {
        if (outcome.Result is not { } response || RetryAfter.From(response.Headers, _time) is not { } wait)
        {
            return null; // Polly's exponential backoff with jitter.
        }

        // Never earlier than asked; a little later at random, so clients told the same instant do not return together.
        var jitter = TimeSpan.FromMilliseconds(_jitter.NextDouble() * Math.Min(1000, wait.TotalMilliseconds * 0.1));
        return wait + jitter;
    }

    private static SocketsHttpHandler CreateHandler(ProviderSettings settings) => new()
    {
        // Submissions up to the concurrency, plus room for polls of tasks already submitted.
        MaxConnectionsPerServer = settings.Concurrency + 4,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
        ConnectTimeout = TimeSpan.FromSeconds(20),
        AutomaticDecompression = DecompressionMethods.All,
        // Never follow a redirect with the key to wherever it points.
        AllowAutoRedirect = false,
    };

    private static Uri EnsureTrailingSlash(Uri uri) =>
        uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
}
