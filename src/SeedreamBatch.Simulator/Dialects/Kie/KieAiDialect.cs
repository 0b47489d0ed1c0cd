using System.Text.Json.Nodes;

namespace SeedreamBatch.Simulator.Dialects.Kie;

/// <summary>KIE.ai's own envelope for errors: <c>{"code":&lt;status&gt;,"msg"}</c>, with the same HTTP status.</summary>
internal sealed class KieAiDialect : ISimDialect
{
    public string Name => "kie";

    public SimErrorResponse DescribeError(SimRequestException error)
    {
        var (status, _) = KieDialect.Describe(error.Kind);
        return new SimErrorResponse(status, new JsonObject { ["code"] = status, ["msg"] = error.Message });
    }
}
