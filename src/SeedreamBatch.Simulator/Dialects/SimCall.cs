using Microsoft.AspNetCore.Http;

namespace SeedreamBatch.Simulator.Dialects;

/// <summary>An authenticated API request on its way to a dialect handler.</summary>
internal sealed record SimCall(HttpContext Http, string Dialect, string ApiKey, string? Job)
{
    public CancellationToken Aborted => Http.RequestAborted;

    /// <summary>Set by a handler that ended the request its own way (an after-charge fault); counted in the stats.</summary>
    public string? Outcome { get; set; }

    /// <summary>The request was counted already (before a drop the client sees at once, so the count is never late).</summary>
    public bool Counted { get; set; }

    /// <summary>Where this client reached us, so file URLs work whatever address it used.</summary>
    public Uri BaseUri => new($"{Http.Request.Scheme}://{Http.Request.Host}");
}
