using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using SeedreamBatch.Core.Manifest;

namespace SeedreamBatch.Cli.Notify;

/// <summary>
/// Sends a manifest's <c>notify:</c>: the healthcheck ping at the start, and at the end one JSON POST per webhook,
/// the healthcheck's success or failure ping and the command. Each target is tried with backoff within
/// <see cref="NotifyOptions"/>' bounds, all targets at once; a failure never throws: it comes back as a warning line.
/// </summary>
internal sealed class RunNotifier(NotifySpec spec, HttpClient http, TimeProvider time, NotifyOptions options, string workingDirectory)
{
    private readonly ResiliencePipeline _pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
        .AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = Math.Max(0, options.Attempts - 1),
            BackoffType = DelayBackoffType.Exponential,
            Delay = options.BaseDelay,
            UseJitter = false,
            ShouldHandle = new PredicateBuilder()
                .Handle<HttpRequestException>()
                .Handle<TimeoutRejectedException>()
                .Handle<NotificationFailedException>(e => e.Retryable),
        })
        .AddTimeout(options.AttemptTimeout)
        .Build();

    /// <summary>healthcheck <c>/start</c>; call without awaiting so the run never waits for it, await before <see cref="FinishedAsync"/>.</summary>
    public async Task<IReadOnlyList<string>> StartedAsync() =>
        spec.Healthcheck is { } url ? Warnings(await TryAsync($"healthcheck {Describe(url)}/start", ct => PostAsync(Append(url, "start"), null, ct)).ConfigureAwait(false)) : [];

    /// <summary>Every end notification; returns one warning line per target that could not be told.</summary>
    public async Task<IReadOnlyList<string>> FinishedAsync(RunNotice notice, string? summaryPath)
    {
        var tasks = new List<Task<string?>>();
        var body = NoticeJson.Serialize(notice);
        foreach (var url in spec.Webhooks)
        {
            tasks.Add(TryAsync($"webhook {Describe(url)}", ct => PostAsync(url, body, ct)));
        }

        if (spec.Healthcheck is { } health)
        {
            var target = notice.ExitCode == ExitCodes.Success ? health : Append(health, "fail");
            var text = System.Text.Encoding.UTF8.GetBytes(notice.Text);
            tasks.Add(TryAsync($"healthcheck {Describe(target)}", ct => PostAsync(target, text, ct, "text/plain")));
        }

        if (spec.Command is { } command)
        {
            tasks.Add(RunCommandAsync(command, notice, summaryPath));
        }

        return Warnings(await Task.WhenAll(tasks).ConfigureAwait(false));
    }

    private static IReadOnlyList<string> Warnings(params string?[] results) => [.. results.OfType<string>()];

    private async Task<string?> TryAsync(string target, Func<CancellationToken, Task> send)
    {
        try
        {
            await _pipeline.ExecuteAsync(async ct => await send(ct).ConfigureAwait(false), CancellationToken.None).ConfigureAwait(false);
            return null;
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException or NotificationFailedException or TaskCanceledException)
        {
            var why = e is TimeoutRejectedException ? $"no answer within {options.AttemptTimeout.TotalSeconds:0.#} s" : e.Message;
            return $"{target}: {why} (gave up after {options.Attempts} tries)";
        }
    }

    private async Task PostAsync(Uri url, byte[]? body, CancellationToken cancellationToken, string mediaType = "application/json")
    {
        using var content = new ByteArrayContent(body ?? []);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType) { CharSet = "utf-8" };
        using var response = await http.PostAsync(url, content, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var code = (int)response.StatusCode;
            throw new NotificationFailedException($"HTTP {code} {response.ReasonPhrase}",
                code >= 500 || response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout);
        }
    }

    private async Task<string?> RunCommandAsync(string command, RunNotice notice, string? summaryPath)
    {
        var start = new ProcessStartInfo("/bin/sh") { WorkingDirectory = workingDirectory, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        start.Environment["SEEDREAM_SUMMARY"] = summaryPath ?? "";
        start.Environment["SEEDREAM_EVENT"] = notice.Event;
        start.Environment["SEEDREAM_STATUS"] = notice.Status;
        start.Environment["SEEDREAM_EXIT_CODE"] = notice.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["SEEDREAM_PIPELINE"] = notice.Pipeline;
        start.Environment["SEEDREAM_OUTPUTS"] = notice.Outputs ?? "";
        start.Environment["SEEDREAM_RUN_ID"] = notice.RunId ?? "";
        try
        {
            using var process = Process.Start(start) ?? throw new InvalidOperationException("the command did not start");
            using var timeout = new CancellationTokenSource(options.CommandTimeout, time);
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                return $"command '{command}': still running after {options.CommandTimeout.TotalSeconds:0.#} s; killed";
            }

            return process.ExitCode == 0 ? null : $"command '{command}': exited with {process.ExitCode}";
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return $"command '{command}': {e.Message}";
        }
    }

    private static Uri Append(Uri url, string segment) => new(url.AbsoluteUri.TrimEnd('/') + "/" + segment);

    /// <summary>Scheme and host only: webhook and ping URLs carry their secret in the path.</summary>
    private static string Describe(Uri url) => $"{url.Scheme}://{url.Authority}/…";
}
