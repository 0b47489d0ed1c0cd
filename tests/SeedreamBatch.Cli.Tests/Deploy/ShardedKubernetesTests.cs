using k8s;
using k8s.Models;
using SeedreamBatch.Cli.Tests.Testing;
using SeedreamBatch.Core.Manifest;

namespace SeedreamBatch.Cli.Tests.Deploy;

/// <summary>
/// deploy/kubernetes/sharded/*.yaml loaded strictly into the Kubernetes models (generated from the API's OpenAPI schema):
/// an unknown or misspelt field, or a value of the wrong type, fails. What makes the example work as sharded workers
/// (Indexed, completions = parallelism = --shards, per-index retries, the pipeline naming the Redis service, one
/// outputs claim for workers and merge) is checked by name.
/// </summary>
public sealed class ShardedKubernetesTests
{
    private static readonly Dictionary<string, Type> Kinds = new()
    {
        ["v1/PersistentVolumeClaim"] = typeof(V1PersistentVolumeClaim),
        ["v1/ConfigMap"] = typeof(V1ConfigMap),
        ["v1/Service"] = typeof(V1Service),
        ["apps/v1/Deployment"] = typeof(V1Deployment),
        ["batch/v1/Job"] = typeof(V1Job),
    };

    public static TheoryData<string> Files() => [.. Directory.GetFiles(Folder(), "*.yaml").Select(f => Path.GetFileName(f))];

    [Theory]
    [MemberData(nameof(Files))]
    public void Example_LoadsStrictlyAgainstTheSchema(string file)
    {
        var objects = Load(file);

        Assert.NotEmpty(objects);
        Assert.All(objects, o => Assert.False(string.IsNullOrEmpty(((IKubernetesObject<V1ObjectMeta>)o).Metadata?.Name)));
    }

    [Fact]
    public void Workers_IndexedJobOneShardPerIndexRetriedPerIndex()
    {
        var objects = Load("workers.yaml");
        var job = Assert.Single(objects.OfType<V1Job>());
        var spec = job.Spec;

        Assert.Equal("Indexed", spec.CompletionMode);
        Assert.Equal(spec.Completions, spec.Parallelism);
        Assert.NotNull(spec.BackoffLimitPerIndex);
        Assert.Equal("Never", spec.Template.Spec.RestartPolicy); // required by backoffLimitPerIndex
        var container = Assert.Single(spec.Template.Spec.Containers);
        var args = container.Args.ToList();
        Assert.Equal(spec.Completions.ToString(), args[args.IndexOf("--shards") + 1]);
        var key = Assert.Single(container.Env, e => e.Name == "ARK_API_KEY");
        Assert.Null(key.Value);
        Assert.NotNull(key.ValueFrom.SecretKeyRef);

        // Budget reached (3), bad input (2) and failed jobs (1) fail the index at once: a retry cannot help.
        var failIndex = Assert.Single(spec.PodFailurePolicy.Rules, r => r.Action == "FailIndex");
        Assert.Equal([1, 2, 3], failIndex.OnExitCodes.Values.Order());
        Assert.Equal("ReadWriteMany", Assert.Single(Assert.Single(objects.OfType<V1PersistentVolumeClaim>()).Spec.AccessModes));
    }

    [Fact]
    public void Pipeline_ValidManifestCoordinatedThroughTheRedisServiceAndMergedFromItsOutputs()
    {
        var workers = Load("workers.yaml");
        var service = Assert.Single(Load("redis.yaml").OfType<V1Service>());
        var merge = Assert.Single(Load("merge.yaml").OfType<V1Job>());
        var config = Assert.Single(workers.OfType<V1ConfigMap>());
        var job = Assert.Single(workers.OfType<V1Job>());

        using var dir = new SeedreamBatch.Testing.TempDirectory();
        var manifestPath = dir.Write("catalog.yaml", config.Data["catalog.yaml"]);
        var load = ManifestLoader.Load(manifestPath);
        Assert.True(load.Pipeline is not null, string.Join("\n", load.Diagnostics));
        Assert.DoesNotContain(load.Diagnostics, d => d.IsError);

        var redis = load.Pipeline.Coordination!.Redis;
        Assert.Equal(service.Metadata.Name, redis.Host);
        Assert.Equal(service.Spec.Ports.Single().Port, redis.Port);

        // The workers read the pipeline the ConfigMap holds, and merge reads the folder they write.
        var container = job.Spec.Template.Spec.Containers.Single();
        var pipelines = container.VolumeMounts.Single(m => m.Name == "pipelines").MountPath;
        Assert.Equal(Path.Combine(pipelines, "catalog.yaml"), container.Args[1]);
        Assert.Equal(new SeedreamBatch.Core.Jobs.JobExpander(load.Pipeline, SeedreamBatch.Core.Jobs.RunContext.Start(TimeProvider.System)).OutputDirectory, merge.Spec.Template.Spec.Containers.Single().Args[1]);
        Assert.Equal(ClaimOf(job), ClaimOf(merge));
    }

    private static string ClaimOf(V1Job job) =>
        job.Spec.Template.Spec.Volumes.Single(v => v.PersistentVolumeClaim is not null).PersistentVolumeClaim.ClaimName;

    private static List<object> Load(string file) =>
        KubernetesYaml.LoadAllFromString(File.ReadAllText(Path.Combine(Folder(), file)), Kinds, strict: true);

    private static string Folder() => CliRun.RepoPath("deploy", "kubernetes", "sharded");
}
