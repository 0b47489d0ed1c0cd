using System.Net.ServerSentEvents;
using System.Text.Json;
using System.Text.Json.Nodes;
using SeedreamBatch.Core.Pricing;
using SeedreamBatch.Providers.Http;
using SeedreamBatch.Providers.Results;

namespace SeedreamBatch.Providers.Ark;

/// <summary>
/// Turns Ark's stream events into outputs: <c>image_generation.partial_succeeded</c> → image,
/// <c>partial_failed</c> → per-image failure, <c>completed</c> → billed usage, an error event → stop.
/// </summary>
internal sealed class ArkStreamReader(ProviderHttp http, PriceEntry? price)
{
    private int _succeeded;
    private int _failed;
    private int _nextIndex;
    private int? _reported;

    public bool HasOutcome => _succeeded + _failed > 0;

    /// <summary>Images handed on so far.</summary>
    public int Succeeded => _succeeded;

    /// <summary>The provider stopped generating (an error event); the stream carries nothing more worth reading.</summary>
    public bool Stopped { get; private set; }

    /// <summary>Ark said the generation is over (the completed event or <c>[DONE]</c>), as opposed to the connection just closing.</summary>
    public bool Finished { get; private set; }

    public void MarkDone() => Finished = true;

    /// <summary>The outputs of one event; throws <see cref="JsonException"/> for an event that is not a JSON object (it may have carried a billed image).</summary>
    public IReadOnlyList<ProviderOutput> Read(SseItem<string> sse)
    {
        var data = JsonNode.Parse(sse.Data) as JsonObject ?? throw new JsonException("the event's data is not a JSON object");

        // An event without an "event:" line is a "message": its type is in the data.
        var type = sse.EventType != SseParser.EventTypeDefault ? sse.EventType : JsonTolerant.FirstString(data, "type") ?? "";
        if (type.EndsWith("partial_succeeded", StringComparison.Ordinal))
        {
            _succeeded++;
            return [ImageResults.ToOutput(IndexOf(data), ArkLikeBody.Entry(data), http)];
        }

        if (type.EndsWith("partial_failed", StringComparison.Ordinal))
        {
            _failed++;
            var entry = ArkLikeBody.Entry(data);
            // Ark stops the whole generation after an internal error; later images will not come.
            Stopped = entry.ErrorCode?.Contains("InternalServiceError", StringComparison.Ordinal) == true;
            return [ImageResults.ToOutput(IndexOf(data), entry, http)];
        }

        if (type.EndsWith("completed", StringComparison.Ordinal))
        {
            Finished = true;
            _reported = data["usage"]?["generated_images"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : null;
            return [];
        }

        if (data["error"] is JsonObject)
        {
            var (code, message) = ErrorBody.FromObject(data);
            if (!HasOutcome)
            {
                throw http.Classified(code, message);
            }

            Stopped = true;
            return [Failure(http.Fail(ProviderErrorKind.PartialFailure, code ?? "stream_error", message))];
        }

        return [];
    }

    /// <summary>
    /// The stream broke, timed out or carried an unreadable event after Ark accepted it. Images handed on stay handed
    /// on; the rest is reported as <see cref="ProviderErrorKind.OutcomeUnknown"/> (one failure), or the whole job
    /// throws it when nothing came yet. Ark keeps generating and billing either way.
    /// </summary>
    public ProviderOutput Interrupted(string code, string message)
    {
        var unknown = http.Unknown(code, message);
        if (!HasOutcome)
        {
            throw unknown;
        }

        return Failure(unknown);
    }

    public BilledUsage Usage() => ImageResults.Bill(price, _reported ?? _succeeded, _reported is not null);

    private ImageFailure Failure(ProviderException error)
    {
        _failed++;
        return new ImageFailure(_nextIndex++, error.Error);
    }

    private int IndexOf(JsonObject data)
    {
        var index = data["image_index"] is JsonValue v && v.TryGetValue<int>(out var i) ? i : _nextIndex;
        _nextIndex = Math.Max(_nextIndex, index + 1);
        return index;
    }
}
