using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using SeedreamBatch.Core.Models;
using SeedreamBatch.Providers.Http;
using SeedreamBatch.Providers.Results;

namespace SeedreamBatch.Providers.Ark;

/// <summary>
/// ModelArk: <c>POST /api/v3/images/generations</c>, synchronous, or Server-Sent Events with <c>stream: true</c>
/// (each image handed on as its event arrives). Billed usage from <c>usage.generated_images</c>. No task ids,
/// so nothing to resume: the engine must treat an Ark job in flight at a crash as unknown.
/// </summary>
internal sealed class ArkProvider(ProviderContext context) : ProviderBase(context, ProviderDialect.Ark)
{
    public const string Path = "/api/v3/images/generations";

    public override async Task<ProviderHandle> SubmitAsync(GenerationRequest request, string jobKey, CancellationToken cancellationToken)
    {
        var body = await ArkLikeBody.BuildAsync(request, request.ProviderModelId, Http, cancellationToken).ConfigureAwait(false);
        if (request.Options.Stream)
        {
            body["stream"] = true;
        }

        HttpResponseMessage response;
        try
        {
            response = await Http.SendAsync(Post(Path, body, jobKey, request.Options.Stream, request.ImageCount), cancellationToken).ConfigureAwait(false);
        }
        catch (ProviderException ex) when (ex.Error.Kind == ProviderErrorKind.NotFound)
        {
            // InvalidEndpointOrModel.NotFound (unbilled): a retired model (BytePlus may have dropped 4.5) or the other
            // region's id. Say what to do rather than only what the host said.
            throw Http.Fail(ProviderErrorKind.NotFound, ex.Error.ProviderCode,
                $"{ex.Error.Message} — model id '{request.ProviderModelId}' is not served here ({Settings.EffectiveRegion} region): it may be retired or "
                + "the other region's id; set providers.ark.region, or an endpoint id under providers.ark.endpoints", ex.Error.HttpStatus);
        }

        try
        {
            // A stream request is answered as SSE or, by some models and gateways, as one JSON body whatever the
            // Content-Type says: AwaitPendingAsync decides from the body's first bytes (docs/provider-apis.md §1).
            if (request.Options.Stream || response.Content.Headers.ContentType?.MediaType == "text/event-stream")
            {
                var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                return new ArkStreamHandle(request, jobKey, response, stream);
            }

            // Not streaming (or the model answered a stream request in one piece).
            string text;
            try
            {
                text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException)
            {
                // The 200 came, its body did not: accepted, so perhaps billed.
                throw Http.Unknown("transport", ex.Message, ex);
            }

            if (text.TrimStart().StartsWith("data:", StringComparison.Ordinal) || text.TrimStart().StartsWith("event:", StringComparison.Ordinal))
            {
                // Events under a JSON Content-Type: read them as the stream they are.
                return new ArkStreamHandle(request, jobKey, response, new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)));
            }

            var json = Http.ParseJson(text, paid: true);
            response.Dispose();
            return CompletedFrom(request, jobKey, json);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private CompletedHandle CompletedFrom(GenerationRequest request, string jobKey, JsonNode json)
    {
        var reported = json["usage"]?["generated_images"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : (int?)null;
        return Completed(request, jobKey, null, ArkLikeBody.Images(json["data"]), reported);
    }

    protected override async IAsyncEnumerable<ProviderOutput> AwaitPendingAsync(ProviderHandle handle, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var streamHandle = (ArkStreamHandle)handle;
        // The stream as a whole gets task_timeout; each attempt's timeout only covered the headers.
        using var timeout = new CancellationTokenSource(Settings.TaskTimeout, Context.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var body = streamHandle.Stream;
        IReadOnlyList<ProviderOutput>? whole = null;
        try
        {
            // SSE or one JSON answer: the body's first byte says which, not the Content-Type.
            // The blank line at the end closes an event the connection cut off after its data line: SseParser, per
            // the WHATWG rules, drops an unterminated event, and this one may carry a billed image.
            var (first, sniffed) = await PrefixedStream.SniffAsync(body, linked.Token, "\n\n"u8.ToArray()).ConfigureAwait(false);
            body = sniffed;
            if (first == '{')
            {
                using var text = new StreamReader(sniffed);
                whole = CompletedFrom(handle.Request, handle.JobKey, Http.ParseJson(await text.ReadToEndAsync(linked.Token).ConfigureAwait(false), paid: true)).Outputs;
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw Http.Unknown("stream_timeout", $"the answer did not come within {Settings.TaskTimeout.TotalMinutes:0.#} min");
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            throw Http.Unknown("stream_broken", ex.Message, ex);
        }

        if (whole is not null)
        {
            foreach (var output in whole)
            {
                yield return output;
            }

            yield break;
        }

        var reader = new ArkStreamReader(Http, PriceOf(handle.Request.Model));
        await using var events = SseParser.Create(body).EnumerateAsync(linked.Token).GetAsyncEnumerator(linked.Token);
        // Once Ark answered 200 with its event stream it generates (and bills) every image whatever becomes of the
        // connection: any break from here on is OutcomeUnknown for the images not yet handed on, never a retry.
        while (true)
        {
            ProviderOutput? fault = null;
            IReadOnlyList<ProviderOutput> outputs = [];
            var ended = false;
            try
            {
                if (!await events.MoveNextAsync().ConfigureAwait(false))
                {
                    ended = true;
                }
                else if (events.Current.Data == "[DONE]")
                {
                    reader.MarkDone();
                    ended = true;
                }
                else
                {
                    outputs = reader.Read(events.Current);
                }
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                fault = reader.Interrupted("stream_timeout", $"the stream did not finish within {Settings.TaskTimeout.TotalMinutes:0.#} min");
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException)
            {
                fault = reader.Interrupted("stream_broken", ex.Message);
            }
            catch (System.Text.Json.JsonException ex)
            {
                fault = reader.Interrupted("malformed_event", "a stream event is not JSON: " + ex.Message);
            }

            if (ended && !reader.Finished && handle.Request.ImageCount == 1 && reader.Succeeded == 1)
            {
                // A single-image stream may end without completed/[DONE] (ark-cli image-stream notes): its one image
                // came, so the job is done, not dropped.
                reader.MarkDone();
            }

            if (ended && !reader.Finished)
            {
                // The connection closed without [DONE] or the completed event: a drop, not an end.
                fault = reader.Interrupted("stream_ended", "the stream ended before Ark said it was complete");
            }

            if (fault is not null)
            {
                yield return fault;
                yield return reader.Usage();
                yield break;
            }

            foreach (var output in outputs)
            {
                yield return output;
            }

            if (ended)
            {
                // The stream ended on its own: usage from the completed event, else what we counted.
                if (!reader.HasOutcome)
                {
                    throw Http.Unknown("stream_empty", "the stream completed without any image");
                }

                yield return reader.Usage();
                yield break;
            }

            if (reader.Stopped)
            {
                yield return reader.Usage();
                yield break;
            }
        }
    }
}
