namespace SeedreamBatch.Core.Providers;

/// <summary>The two wire shapes of the KIE-style task API (docs/provider-apis.md §5).</summary>
public enum KieApi
{
    /// <summary>apiin.one: <c>POST /api/v1/images/generations</c>, poll <c>GET /api/v1/tasks/{id}</c>.</summary>
    ApiInOne,

    /// <summary>KIE.ai: <c>POST /api/v1/jobs/createTask</c>, poll <c>GET /api/v1/jobs/recordInfo?taskId=</c>.</summary>
    KieAi,
}
