namespace SeedreamBatch.Core.Models;

/// <summary>The wire format a provider speaks. One adapter folder per dialect in SeedreamBatch.Providers.</summary>
public enum ProviderDialect
{
    /// <summary>ByteDance ModelArk / Ark: <c>POST /api/v3/images/generations</c>.</summary>
    Ark,

    /// <summary>Ace Data Cloud: <c>POST /seedream/images</c>, optional async tasks and callbacks.</summary>
    AceData,

    /// <summary>OpenAI-compatible gateway: <c>/v1/images/generations</c> and <c>/v1/images/edits</c>.</summary>
    OpenAICompatible,

    /// <summary>Sinancode-style task API: create a task, fetch its result later.</summary>
    Sinan,

    /// <summary>apiin.one / KIE.ai-style task API: aspect ratio + quality, poll a task.</summary>
    Kie,

    /// <summary>fal.ai queue: submit, poll the status, fetch the result; <c>Authorization: Key</c>.</summary>
    Fal,

    /// <summary>Replicate predictions: create with <c>Prefer: wait</c>, poll <c>urls.get</c>; outputs expire after 1 h.</summary>
    Replicate,
}
