using k8s;
using k8s.Models;

namespace SeedreamBatch.Install.Tests;

/// <summary>
/// deploy/kubernetes/*.yaml loaded strictly into the Kubernetes models (generated from the API's OpenAPI schema):
/// an unknown or misspelt field, or a value of the wrong type, fails. What the schema leaves optional but the
/// example promises (Forbid, the key from a Secret, outputs on a PVC, non-root, read-only root) is checked by name.
/// </summary>
public sealed class KubernetesExampleTests
{
    private static readonly Dictionary<string, Type> Kinds = new()
    {
        ["v1/PersistentVolumeClaim"] = typeof(V1PersistentVolumeClaim),
        ["batch/v1/CronJob"] = typeof(V1CronJob),
        ["v1/ConfigMap"] = typeof(V1ConfigMap),
        ["v1/Secret"] = typeof(V1Secret),
    };

    private static List<object> Load(string text) => KubernetesYaml.LoadAllFromString(text, Kinds, strict: true);

    public static TheoryData<string> Files() => [.. Directory.GetFiles(RepoRoot.Of("deploy", "kubernetes"), "*.yaml").Select(f => System.IO.Path.GetFileName(f)!)];

    [Theory]
    [MemberData(nameof(Files))]
    public void Example_LoadsStrictlyAgainstTheSchema(string file)
    {
        var objects = Load(File.ReadAllText(RepoRoot.Of("deploy", "kubernetes", file)));

        Assert.NotEmpty(objects);
        Assert.All(objects, o => Assert.False(string.IsNullOrEmpty(((IKubernetesObject<V1ObjectMeta>)o).Metadata?.Name)));
    }

    [Fact]
    public void CronJob_ForbidsOverlapTakesTheKeyFromASecretAndWritesToThePvc()
    {
        var objects = Load(File.ReadAllText(RepoRoot.Of("deploy", "kubernetes", "seedream-batch.yaml")));
        var cron = Assert.Single(objects.OfType<V1CronJob>());
        var claim = Assert.Single(objects.OfType<V1PersistentVolumeClaim>());

        Assert.Equal("Forbid", cron.Spec.ConcurrencyPolicy);
        Assert.Matches(@"^(\S+\s+){4}\S+$", cron.Spec.Schedule);
        var pod = cron.Spec.JobTemplate.Spec.Template.Spec;
        Assert.Equal("Never", pod.RestartPolicy);
        Assert.True(pod.SecurityContext.RunAsNonRoot);
        var container = Assert.Single(pod.Containers);
        Assert.True(container.SecurityContext.ReadOnlyRootFilesystem);
        Assert.False(container.SecurityContext.AllowPrivilegeEscalation);

        var key = Assert.Single(container.Env, e => e.Name == "ARK_API_KEY");
        Assert.Null(key.Value);
        Assert.NotNull(key.ValueFrom.SecretKeyRef);

        var outputs = Assert.Single(pod.Volumes, v => v.PersistentVolumeClaim is not null);
        Assert.Equal(claim.Metadata.Name, outputs.PersistentVolumeClaim.ClaimName);
        var mounts = container.VolumeMounts.ToDictionary(m => m.Name, m => m);
        Assert.NotEqual(true, mounts[outputs.Name].ReadOnlyProperty);

        // Every mount names a volume of the pod, and every volume is mounted.
        Assert.Equal(pod.Volumes.Select(v => v.Name).Order(), mounts.Keys.Order());
    }

    [Fact]
    public void StrictLoad_MisspeltField_Fails()
    {
        const string yaml = """
            apiVersion: batch/v1
            kind: CronJob
            metadata: { name: x }
            spec:
              schedule: "30 1 * * *"
              concurrencyPolicyy: Forbid
              jobTemplate: { spec: { template: { spec: { containers: [ { name: a, image: b } ] } } } }
            """;

        Assert.ThrowsAny<Exception>(() => Load(yaml));
    }
}
