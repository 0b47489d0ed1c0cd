using System.Text.Json.Nodes;
using SeedreamBatch.Core.Models;
using SeedreamBatch.Providers.Ark;
using SeedreamBatch.Providers.Http;
using SeedreamBatch.Providers.Results;

namespace SeedreamBatch.Providers.AceData;

/// <summary>
/// Ace Data Cloud: <c>POST /seedream/images</c> with Ark's fields. Asynchronous by default (<c>async: true</c>, or a
/// callback receiver; sync only with <c>async: false</c>): it answers a task id at once and the result is pushed to the receiver or fetched (free)
/// from <c>POST /seedream/tasks {"action":"retrieve"}</c>, which is also how a crashed run resumes.
/// </summary>
internal sealed class AceDataProvider(ProviderContext context, AceDataCallbackReceiver? receiver) : TaskProviderBase(context, ProviderDialect.AceData)
{
    public const string ImagesPath = "/seedream/images";
    public const string TasksPath = "/seedream/tasks";

    public override async Task<ProviderHandle> SubmitAsync(GenerationRequest request, string jobKey, CancellationToken cancellationToken)
    {
        if (request.ImageCount > 1)
        {
            // Nothing documented caps a group here: `auto` could make, and bill, up to 15 images (validate refuses this too).
            throw Http.Fail(ProviderErrorKind.InvalidRequest, "images_per_job_unsupported",
                "acedata cannot cap a group's size (sequential_image_generation_options is not in its reference); use one image per job and repeat");
        }

        var body = await ArkLikeBody.BuildAsync(request, AceDataModelIds.Full(request.ProviderModelId), Http, cancellationToken).ConfigureAwait(false);
        if (receiver is not null)
        {
            body["callback_url"] = receiver.PublicUrl;
        }
        else if (Settings.Async)
        {
            body["async"] = true;
        }

        var json = await Http.SendJsonAsync(Post(ImagesPath, body, jobKey), cancellationToken).ConfigureAwait(false);
        var state = ReadAnswer(json);
        var taskId = JsonTolerant.FirstString(json, "task_id");
        if (!state.IsPending)
        {
            return state.Failure is { } failure ? throw failure : Completed(request, jobKey, taskId, state.Images!);
        }

        return Accepted(request, jobKey, taskId, "the answer has neither images nor a task_id");
    }

    public override void Dispose()
    {
        receiver?.Dispose();
        base.Dispose();
    }

    protected override async Task<TaskState> FetchAsync(string taskId, string jobKey, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["id"] = taskId, ["action"] = "retrieve" };
        var json = await Http.SendJsonAsync(Poll(HttpMethod.Post, TasksPath, jobKey, body), cancellationToken).ConfigureAwait(false);
        if (json["success"]?.GetValueKind() == System.Text.Json.JsonValueKind.False && json["response"] is null)
        {
            // The tasks endpoint itself refused (unknown id, bad token): classified like any error answer.
            var (code, message) = ErrorBody.FromObject(json.AsObject());
            throw Http.Classified(code, message);
        }

        var item = json["items"] is JsonArray items
            ? items.FirstOrDefault(i => JsonTolerant.FirstString(i, "id", "task_id") == taskId)
            : json;
        var state = item?["response"] is JsonObject response ? ReadAnswer(response) : TaskState.Pending;
        if (!state.IsPending)
        {
            receiver?.Forget(taskId);
        }

        return state;
    }

    protected override Task<TaskState>? PushedResult(string taskId) =>
        receiver is null ? null : ReadPushedAsync(receiver.WaitAsync(taskId));

    private async Task<TaskState> ReadPushedAsync(Task<JsonNode> pushed) => ReadAnswer(await pushed.ConfigureAwait(false));

    /// <summary>
    /// One Ace Data answer (the sync answer, a callback body, or a retrieved task's <c>response</c>):
    /// images under <c>data</c>, an error under <c>success:false</c>, or neither while the task runs.
    /// </summary>
    private TaskState ReadAnswer(JsonNode json)
    {
        if (json is not JsonObject obj)
        {
            return TaskState.Pending;
        }

        if (obj["success"]?.GetValueKind() == System.Text.Json.JsonValueKind.False || obj["error"] is JsonObject)
        {
            var (code, message) = ErrorBody.FromObject(obj);
            return TaskState.Failed(Http.Classified(code, message));
        }

        return obj["data"] is JsonArray { Count: > 0 } data ? TaskState.Done(ArkLikeBody.Images(data)) : TaskState.Pending;
    }
}
