using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using SeedreamBatch.Simulator.Generation;

namespace SeedreamBatch.Simulator.Dialects.Kie;

/// <summary>
/// KIE.ai shape: <c>POST /api/v1/jobs/createTask</c> <c>{model, callBackUrl, input}</c> → <c>{code,msg,data:{taskId}}</c>;
/// <c>GET /api/v1/jobs/recordInfo?taskId=</c> → <c>data.state</c> and <c>data.resultJson</c> (a JSON string with <c>resultUrls</c>).
/// </summary>
internal sealed class KieAiEndpoints(SimContext sim, SimRequestPipeline pipeline)
{
    public const string CreatePath = "/api/v1/jobs/createTask";
    public const string RecordPath = "/api/v1/jobs/recordInfo";
    private readonly KieAiDialect _dialect = new();

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost(CreatePath, http => pipeline.RunAsync(http, _dialect, CreateAsync));
        routes.MapGet(RecordPath, http => pipeline.RunAsync(http, _dialect, RecordAsync));
    }

    private async Task CreateAsync(SimCall call)
    {
        var body = await JsonFields.ReadObjectAsync(call.Http, call.Aborted);
        var model = JsonFields.RequiredString(body, "model");
        var input = JsonFields.OptionalObject(body, "input") ?? throw SimRequestException.Missing("input");
        var callback = JsonFields.OptionalString(body, "callBackUrl");
        if (callback is not null && !ReferenceChecks.IsHttpUrl(callback))
        {
            throw SimRequestException.Invalid("callBackUrl", "must be an http(s) URL");
        }

        var order = KieInput.Order(sim, call, model, input);
        sim.Generator.Admit(order);
        var task = sim.Tasks.Create(order, call.BaseUri, body, callback, Record, id: "task_" + Guid.NewGuid().ToString("N"));
        await SimRequestPipeline.WriteJsonAsync(call.Http, new JsonObject { ["code"] = 200, ["msg"] = "success", ["data"] = new JsonObject { ["taskId"] = task.Id } });
    }

    private async Task RecordAsync(SimCall call)
    {
        var id = call.Http.Request.Query["taskId"].ToString();
        if (id.Length == 0)
        {
            throw SimRequestException.Missing("taskId");
        }

        var task = sim.Tasks.Find(id, call.ApiKey) ?? throw new SimRequestException(SimErrorKind.TaskNotFound, $"recordInfo is null: task {id} not found.");
        await SimRequestPipeline.WriteJsonAsync(call.Http, Record(task));
    }

    /// <summary>The recordInfo body; the callback receives the same.</summary>
    private JsonObject Record(SimTask task)
    {
        var (state, outcomes) = task.Snapshot();
        var urls = new JsonArray();
        foreach (var o in outcomes.Where(o => o.Succeeded))
        {
            urls.Add(o.Url);
        }

        var now = sim.Time.GetUtcNow();
        return new JsonObject
        {
            ["code"] = 200,
            ["msg"] = "success",
            ["data"] = new JsonObject
            {
                ["taskId"] = task.Id,
                ["model"] = task.Order.Model,
                ["state"] = state switch
                {
                    SimTaskState.Running => now - task.CreatedAt < (task.ReadyAt - task.CreatedAt) / 2 ? "queuing" : "generating",
                    SimTaskState.Succeeded => "success",
                    _ => "fail",
                },
                ["param"] = task.Request?.ToJsonString(),
                ["resultJson"] = state == SimTaskState.Succeeded ? new JsonObject { ["resultUrls"] = urls }.ToJsonString() : null,
                ["failCode"] = state == SimTaskState.Failed ? KieDialect.Describe(task.ErrorKind!.Value).Status.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
                ["failMsg"] = task.ErrorMessage,
                ["createTime"] = task.CreatedAt.ToUnixTimeMilliseconds(),
                ["completeTime"] = task.CompletedAt?.ToUnixTimeMilliseconds(),
                ["costTime"] = task.CompletedAt is { } done ? (long)(done - task.CreatedAt).TotalMilliseconds : null,
            },
        };
    }
}
