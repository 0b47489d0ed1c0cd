using System.Net;
using System.Security.Cryptography;
using Polly;
using Polly.Retry;
using SeedreamBatch.Core.Files;
using SeedreamBatch.Providers;

namespace SeedreamBatch.Engine.Download;

/// <summary>
/// Fetches result images right away (provider URLs expire, Ark's after 24 h): streamed into a temp file in
/// the target folder while hashing and counting, under a size cap, retried on transfer errors, then renamed
/// into place in one step, so a crash never leaves a half file under the final name. Base64 and
/// <c>data:</c> payloads are decoded without any request.
/// </summary>
public sealed class ImageDownloader
{
    /// <summary>What a provider's result may be: the formats Seedream answers in and libvips decodes (never BMP, TIFF, SVG, HTML).</summary>
    public static readonly IReadOnlySet<string> DownloadFormats = new HashSet<string>(StringComparer.Ordinal) { "png", "jpeg", "webp", "gif" };

    private readonly HttpClient _http;
    private readonly DownloadOptions _options;
    private readonly TimeProvider _time;
    private readonly ResiliencePipeline _retry;

    public ImageDownloader(HttpClient http, DownloadOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        OptionsValidation.ThrowIfInvalid(options.Validate(), nameof(options));

        _http = http;
        _options = options;
        _time = time;
        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        if (options.Attempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<DownloadFailedException>(e => e.IsRetryable),
                MaxRetryAttempts = options.Attempts - 1,
                Delay = options.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            });
        }

        _retry = builder.Build();
    }

    /// <summary>How this downloader fetches (validated).</summary>
    public DownloadOptions Options => _options;

    /// <summary>
    /// Saves <paramref name="image"/> as <paramref name="targetPathWithoutExtension"/> plus the extension of
    /// its sniffed format. Throws <see cref="DownloadFailedException"/> when it cannot.
    /// </summary>
    public async Task<DownloadedFile> DownloadAsync(GeneratedImage image, string targetPathWithoutExtension, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        var directory = Path.GetDirectoryName(Path.GetFullPath(targetPathWithoutExtension))!;
        Directory.CreateDirectory(directory);
        if (image.FetchUrl is { } url)
        {
            var uri = CheckedUrl(url);

            // A deadline over every try and pause: retries of a drip-feeding server must not add up to hours.
            using var total = new CancellationTokenSource(_options.TotalTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, total.Token);
            var tries = 0;
            try
            {
                return await _retry.ExecuteAsync(
                    async (ct) =>
                    {
                        tries++;
                        return await DownloadOnceAsync(uri, targetPathWithoutExtension, ct).ConfigureAwait(false);
                    },
                    linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (total.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new DownloadFailedException("deadline", $"no complete image from {uri.Host} within {Describe(_options.TotalTimeout)} ({tries} tries); the server is too slow or keeps failing", isRetryable: false, e);
            }
        }

        var bytes = Decode(image);
        return await SaveAsync(targetPathWithoutExtension, (stream, ct) => stream.WriteAsync(bytes, ct).AsTask(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Only http(s) is fetched: a result URL naming <c>file:</c>, <c>ftp:</c> or anything else is the provider's error.</summary>
    private static Uri CheckedUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            throw new DownloadFailedException("bad_url", "the provider's result URL is not a valid absolute URL", isRetryable: false);
        }

        if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
        {
            throw new DownloadFailedException("unsupported_url", $"the provider's result URL uses '{uri.Scheme}:', which is never fetched (only http and https)", isRetryable: false);
        }

        return uri;
    }

    private static string Describe(TimeSpan span) => span.TotalSeconds < 120 ? $"{span.TotalSeconds:0} s" : $"{span.TotalMinutes:0.#} min";

    private async Task<DownloadedFile> DownloadOnceAsync(Uri url, string targetPathWithoutExtension, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var timeout = new CancellationTokenSource(_options.AttemptTimeout, _time);
        using var idle = new CancellationTokenSource(_options.IdleTimeout, _time);
        using var link = timeout.Token.Register(static s => ((CancellationTokenSource)s!).Cancel(), attempt);
        using var idleLink = idle.Token.Register(static s => ((CancellationTokenSource)s!).Cancel(), attempt);
        try
        {
            using var response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, attempt.Token).ConfigureAwait(false);
            ThrowIfUnsuccessful(response.StatusCode, url);
            if (response.Content.Headers.ContentLength is { } announced && announced > _options.MaxBytes)
            {
                throw TooLarge(announced);
            }

            await using var body = await response.Content.ReadAsStreamAsync(attempt.Token).ConfigureAwait(false);
            var file = await SaveAsync(targetPathWithoutExtension, (target, ct) => CopyCappedAsync(body, target, idle, ct), attempt.Token).ConfigureAwait(false);
            if (response.Content.Headers.ContentLength is { } expected && expected != file.Bytes)
            {
                File.Delete(file.Path);
                throw new DownloadFailedException("truncated", $"got {file.Bytes} of {expected} bytes from {url.Host}", isRetryable: true);
            }

            return file;
        }
        catch (OperationCanceledException e) when (idle.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new DownloadFailedException("stalled", $"{url.Host} sent nothing for {Describe(_options.IdleTimeout)} (the transfer stalled)", isRetryable: true, e);
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new DownloadFailedException("too_slow", $"{url.Host} was still sending after {Describe(_options.AttemptTimeout)} (a drip-feeding server?); no complete image", isRetryable: true, e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient's own Timeout, or a cancellation from below: a timeout all the same, never an internal error.
            throw new DownloadFailedException("timeout", $"no complete answer from {url.Host}: {e.Message}", isRetryable: true, e);
        }
        catch (HttpRequestException e)
        {
            throw new DownloadFailedException("transfer", $"transfer from {url.Host} failed: {e.Message}", isRetryable: true, e);
        }
        catch (IOException e)
        {
            throw new DownloadFailedException("truncated", $"transfer from {url.Host} broke off: {e.Message}", isRetryable: true, e);
        }
    }

    private static void ThrowIfUnsuccessful(HttpStatusCode status, Uri url)
    {
        var code = (int)status;
        if (code is >= 200 and < 300)
        {
            return;
        }

        // 403/404/410 on a result URL means it expired or never existed: asking again will not help.
        var retryable = code is 408 or 429 or >= 500;
        var why = code is 403 or 404 or 410 ? " (result URL expired or missing)" : "";
        throw new DownloadFailedException($"http_{code}", $"{url.Host} answered {code}{why}", retryable);
    }

    private async Task CopyCappedAsync(Stream source, Stream target, CancellationTokenSource idle, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while (true)
        {
            // Each read has the idle timeout anew: bytes that keep coming keep the try alive, up to the attempt's timeout.
            idle.CancelAfter(_options.IdleTimeout);
            read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read <= 0)
            {
                break;
            }

            total += read;
            if (total > _options.MaxBytes)
            {
                throw TooLarge(total);
            }

            await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes through a hashing temp file next to the target, sniffs the format, renames into place.</summary>
    private static async Task<DownloadedFile> SaveAsync(string targetPathWithoutExtension, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        var temp = AtomicFile.TempPathFor(Path.GetFullPath(targetPathWithoutExtension), "part");
        try
        {
            byte[] hash;
            long bytes;
            var head = new byte[ImageSignature.HeadBytes];
            int headLength;
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, useAsync: true))
            {
                using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                await using (var hashing = new HashingStream(file, sha))
                {
                    await write(hashing, cancellationToken).ConfigureAwait(false);
                }

                await file.FlushAsync(cancellationToken).ConfigureAwait(false);

                // On disk before the rename and the store's record (synchronous=FULL): after a power loss a recorded
                // hash over an empty file would read as damaged and the job would be paid for again.
                file.Flush(flushToDisk: true);
                bytes = file.Length;
                hash = sha.GetHashAndReset();
                file.Position = 0;
                headLength = await file.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            }

            var (format, width, height) = Sniff(head.AsSpan(0, headLength));
            var final = $"{targetPathWithoutExtension}.{ImageSignature.ExtensionOf(format)}";
            File.Move(temp, final, overwrite: true);
            return new DownloadedFile(Path.GetFullPath(final), format, width, height, bytes, Convert.ToHexStringLower(hash));
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>
    /// Format and pixel size of a downloaded original from its first bytes (<see cref="ImageSignature"/>), so it is named
    /// and recorded correctly before (and without) libvips; 0 × 0 when the header does not say (a JPEG whose size sits
    /// past <see cref="ImageSignature.HeadBytes"/>). Only the <see cref="DownloadFormats"/> are accepted.
    /// </summary>
    internal static (string Format, int Width, int Height) Sniff(ReadOnlySpan<byte> head)
    {
        var signature = ImageSignature.Probe(head, out _);
        var format = signature?.Format ?? ImageSignature.FormatOf(head);

        // A CDN error page (HTML with a 200) or a truncated body must never become a job's original: it would be
        // recorded as done and its hash trusted. Retryable: the next try may get the image.
        return format is not null && DownloadFormats.Contains(format)
            ? (format, signature?.Width ?? 0, signature?.Height ?? 0)
            : throw new DownloadFailedException("not_an_image", "the response is not a PNG, JPEG, WebP or GIF image (an error page?)", isRetryable: true);
    }

    private byte[] Decode(GeneratedImage image)
    {
        if (image.Bytes is { } bytes)
        {
            return bytes.LongLength > _options.MaxBytes ? throw TooLarge(bytes.LongLength) : bytes;
        }

        string? payload = null;
        if (image.Url is { } dataUrl)
        {
            var comma = dataUrl.IndexOf(',', StringComparison.Ordinal);
            if (comma < 0 || !dataUrl.AsSpan(0, comma).EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
            {
                throw new DownloadFailedException("bad_data_url", "a data: URL without base64 content", isRetryable: false);
            }

            payload = dataUrl[(comma + 1)..];
        }

        if (string.IsNullOrEmpty(payload))
        {
            throw new DownloadFailedException("no_image", "the answer carried neither a URL nor image bytes", isRetryable: false);
        }

        if (payload.Length / 4L * 3 > _options.MaxBytes)
        {
            throw TooLarge(payload.Length / 4L * 3);
        }

        try
        {
            return Convert.FromBase64String(payload);
        }
        catch (FormatException e)
        {
            throw new DownloadFailedException("bad_base64", "the image's base64 does not decode", isRetryable: false, e);
        }
    }

    private DownloadFailedException TooLarge(long bytes) =>
        new("too_large", $"image of {bytes} bytes or more is over the {_options.MaxBytes}-byte cap", isRetryable: false);
}
