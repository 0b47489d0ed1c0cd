using Microsoft.AspNetCore.Http;

namespace SeedreamBatch.Simulator.Dialects;

/// <summary>An authenticated API request on its way to a dialect handler.</summary>
internal sealed record SimCall(HttpContext Http, string ApiKey, string? Job)
{
    public CancellationToken Aborted => Http.RequestAborted;

    /// <summary>Set by a handler that ended the request its own way (an after-charge fault, a cut stream); counted in the stats.</summary>
    public string? Outcome { get; set; }

    /// <summary>Set by a handler that wants the connection dropped: the pipeline counts the request, then aborts it.</summary>
    public bool Drop { get; set; }

    /// <summary>Where this client reached us, so file URLs work whatever address it used.</summary>
    public Uri BaseUri => new($"{Http.Request.Scheme}://{Http.Request.Host}");
}
