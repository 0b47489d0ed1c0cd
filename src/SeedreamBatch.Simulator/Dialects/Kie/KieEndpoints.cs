using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using SeedreamBatch.Simulator.Generation;

namespace SeedreamBatch.Simulator.Dialects.Kie;

/// <summary>apiin.one shape: <c>POST /api/v1/images/generations</c> → IN_PROGRESS task, poll <c>GET /api/v1/tasks/{id}</c>.</summary>
internal sealed class KieEndpoints(SimContext sim, SimRequestPipeline pipeline)
{
    public const string CreatePath = "/api/v1/images/generations";
    public const string TaskPath = "/api/v1/tasks/{id}";
    private readonly KieDialect _dialect = new();

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost(CreatePath, http => pipeline.RunAsync(http, _dialect, CreateAsync));
        routes.MapGet(TaskPath, http => pipeline.RunAsync(http, _dialect, GetAsync));
    }

    private async Task CreateAsync(SimCall call)
    {
        var body = await JsonFields.ReadObjectAsync(call.Http, call.Aborted);
        var order = KieInput.Order(sim, call, JsonFields.OptionalString(body, "model") ?? KieInput.TextToImage, body);
        sim.Generator.Admit(order);
        var task = sim.Tasks.Create(order, call.BaseUri, body, null, null);
        await SimRequestPipeline.WriteJsonAsync(call.Http, Envelope(new JsonObject { ["task_id"] = task.Id, ["status"] = "IN_PROGRESS" }));
    }

    private async Task GetAsync(SimCall call)
    {
        var id = (string)call.Http.Request.RouteValues["id"]!;
        var task = sim.Tasks.Find(id, call.ApiKey) ?? throw new SimRequestException(SimErrorKind.TaskNotFound, $"Task {id} not found.");
        var (state, outcomes) = task.Snapshot();
        var images = new JsonArray();
        foreach (var o in outcomes.Where(o => o.Succeeded))
        {
            images.Add(o.Url);
        }

        // Creation says IN_PROGRESS; the docs say to poll until 'completed' or 'failed'.
        await SimRequestPipeline.WriteJsonAsync(call.Http, Envelope(new JsonObject
        {
            ["task_id"] = task.Id,
            ["status"] = state switch
            {
                SimTaskState.Running => "IN_PROGRESS",
                SimTaskState.Succeeded => "completed",
                _ => "failed",
            },
            ["model"] = task.Order.Model,
            ["images"] = images,
            ["error"] = task.ErrorMessage,
        }));
    }

    private static JsonObject Envelope(JsonObject data) => new() { ["code"] = 200, ["message"] = "success", ["data"] = data };
}
