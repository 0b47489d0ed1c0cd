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

    /// <summary>The provider stopped generating (an error event); the stream carries nothing more worth reading.</summary>
    public bool Stopped { get; private set; }

    public IEnumerable<ProviderOutput> Read(SseEvent sse)
    {
        JsonObject? data;
        try
        {
            data = JsonNode.Parse(sse.Data) as JsonObject;
        }
        catch (JsonException)
        {
            data = null;
        }

        if (data is null)
        {
            return [];
        }

        var type = sse.Name ?? JsonTolerant.FirstString(data, "type") ?? "";
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
            return [Failure(code ?? "stream_error", message)];
        }

        return [];
    }

    /// <summary>The stream broke or timed out: a failure for the rest when images came already, else the job fails (throws).</summary>
    public ProviderOutput Interrupted(ProviderErrorKind kind, string code, string message)
    {
        if (!HasOutcome)
        {
            throw http.Fail(kind, code, message);
        }

        return Failure(code, message);
    }

    public BilledUsage Usage() => ImageResults.Bill(price, _reported ?? _succeeded, _reported is not null);

    private ImageFailure Failure(string code, string message)
    {
        _failed++;
        return new ImageFailure(_nextIndex++, http.Fail(ProviderErrorKind.PartialFailure, code, message).Error);
    }

    private int IndexOf(JsonObject data)
    {
        var index = data["image_index"] is JsonValue v && v.TryGetValue<int>(out var i) ? i : _nextIndex;
        _nextIndex = Math.Max(_nextIndex, index + 1);
        return index;
    }
}
