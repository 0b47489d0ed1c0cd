namespace SeedreamBatch.Simulator.Dialects;

/// <summary>Thrown by validation and generation; the request pipeline turns it into the dialect's error body.</summary>
internal sealed class SimRequestException(SimErrorKind kind, string message, string? param = null) : Exception(message)
{
    public SimErrorKind Kind { get; } = kind;

    public string? Param { get; } = param;

    /// <summary>Sent as <c>Retry-After</c> (whole seconds, rounded up) when set.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>A dialect-specific code that replaces the kind's usual one (e.g. Ark's generic <c>SensitiveContentDetected</c>).</summary>
    public string? Code { get; init; }

    /// <summary>Like <see cref="Code"/>, for the Ark dialect only (a documented Ark variant of a generic fault).</summary>
    public string? ArkCode { get; init; }

    public static SimRequestException Missing(string param) => new(SimErrorKind.MissingParameter, $"The parameter `{param}` specified in the request is missing.", param);

    public static SimRequestException Invalid(string param, string why) => new(SimErrorKind.InvalidParameter, $"The parameter `{param}` specified in the request is not valid: {why}.", param);
}
