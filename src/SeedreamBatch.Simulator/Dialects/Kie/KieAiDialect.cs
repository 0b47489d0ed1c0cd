using System.Text.Json.Nodes;

namespace SeedreamBatch.Simulator.Dialects.Kie;

/// <summary>
/// KIE.ai's own envelope for errors: <c>{"code":&lt;status&gt;,"msg"}</c> in an HTTP 200 (docs/provider-apis.md §5),
/// so a client must read the body's code, not the status, even at task creation.
/// </summary>
internal sealed class KieAiDialect : ISimDialect
{
    public string Name => "kie";

    public SimErrorResponse DescribeError(SimRequestException error)
    {
        var (status, _) = KieDialect.Describe(error.Kind);
        // KIE.ai's own list says "service unavailable, retry later" with 455, not 503 (docs.kie.ai, §5).
        status = error.Kind == SimErrorKind.Unavailable ? 455 : status;
        return new SimErrorResponse(200, new JsonObject { ["code"] = status, ["msg"] = error.Message });
    }
}
