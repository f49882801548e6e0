using k8s.Models;
using Workshop.GrainTests.Infrastructure;

namespace Workshop.GrainTests.Hosting;

/// <summary>
/// The manifests under deploy/kubernetes, as an operator applies them: valid Kubernetes objects that hold together
/// (selectors, ports, Secrets, RBAC), with settings the silo accepts; and each kind of mistake is caught.
/// </summary>
public sealed class KubernetesManifestsTests
{
    private static readonly IReadOnlySet<string> Documented = KubernetesManifests.DocumentedSettings();

    [Fact]
    public void The_manifests_are_valid_Kubernetes_objects_that_hold_together()
    {
        var manifests = KubernetesManifests.Load(KubernetesManifests.ReadFolder());

        var problems = manifests.Problems(Documented);

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void They_run_PostgreSQL_on_its_own_volume_two_silos_on_Kubernetes_hosting_and_the_web_app_as_their_client()
    {
        var manifests = KubernetesManifests.Load(KubernetesManifests.ReadFolder());

        var postgres = Assert.Single(manifests.All<V1StatefulSet>());
        Assert.Equal("postgres:16", Assert.Single(postgres.Spec.Template.Spec.Containers).Image);
        Assert.Equal("data", Assert.Single(postgres.Spec.VolumeClaimTemplates).Name());
        var silos = manifests.All<V1Deployment>().Single(d => d.Name() == "workshop-silo");
        Assert.Equal(2, silos.Spec.Replicas);
        Assert.Equal("Kubernetes", Setting(silos, "Cluster__Hosting"));
        var web = manifests.All<V1Deployment>().Single(d => d.Name() == "workshop-web");
        Assert.Equal("Client", Setting(web, "Cluster__Mode"));
        Assert.Equal("/health", Assert.Single(web.Spec.Template.Spec.Containers).ReadinessProbe.HttpGet.Path);
    }

    [Theory]
    [InlineData("silo.yaml", "containerPort: 30000", "containerPrt: 30000", "containerPrt")]
    [InlineData("web.yaml", "kind: Deployment", "kind: Deploymnt", "Deploymnt")]
    [InlineData("redis.yaml", "apiVersion: v1\nkind: Service", "apiVersion: apps/v1\nkind: Service", "apps/v1/Service")]
    [InlineData("silo.yaml", "replicas: 2", "replicas: two", "'two' was not in a correct format")]
    [InlineData("silo.yaml", "value: \"11111\"", "value: 11111", "11111 must be quoted")]
    [InlineData("web.yaml", "  selector:\n    matchLabels:\n      app.kubernetes.io/name: workshop-web", "  selector:\n    matchLabels:\n      app.kubernetes.io/name: web", "selector does not match")]
    [InlineData("web.yaml", "      targetPort: http", "      targetPort: https", "targetPort https")]
    [InlineData("web.yaml", "              port: http\n            periodSeconds: 5", "              port: 8081\n            periodSeconds: 5", "port 8081")]
    [InlineData("web.yaml", "readinessProbe:", "startupProbe:", "readiness and a liveness probe")]
    [InlineData("web.yaml", "key: email", "key: mail", "the key mail of the Secret workshop-admin")]
    [InlineData("web.yaml", "Password=$(POSTGRES_PASSWORD)", "Password=$(POSTGRES_PASWORD)", "$(POSTGRES_PASWORD)")]
    [InlineData("postgres.yaml", "serviceName: postgres", "serviceName: postgresql", "serviceName postgresql")]
    [InlineData("postgres.yaml", "- name: data\n              mountPath", "- name: pgdata\n              mountPath", "mounts pgdata")]
    [InlineData("silo.yaml", "name: Cluster__Hosting", "name: Cluster__Hostng", "sets Cluster__Hostng")]
    [InlineData("silo.yaml", "value: Kubernetes", "value: Kubernets", "Cluster:Hosting must be 'Plain' or 'Kubernetes'")]
    [InlineData("silo.yaml", "value: Redis", "value: Localhost", "Cluster:Membership is not Redis")]
    [InlineData("silo.yaml", "fieldPath: status.podIP", "fieldPath: status.hostIP", "POD_IP from the pod's status.podIP")]
    [InlineData("silo.yaml", "orleans/clusterId: workshop", "orleans/clusterId: workshop-2", "orleans/clusterId=workshop")]
    [InlineData("silo.yaml", "serviceAccountName: workshop-silo", "serviceAccountName: default", "ServiceAccount bound to a Role")]
    [InlineData("silo.yaml", "\"watch\", \"patch\"", "\"watch\"", "may get, list, watch, patch pods")]
    [InlineData("silo.yaml", "  kind: Role\n  name: workshop-silo", "  kind: Role\n  name: pod-reader", "binds the Role pod-reader")]
    [InlineData("silo.yaml", "  minAvailable: 1\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: workshop-silo", "  minAvailable: 1\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: silo", "workshop-silo: its selector matches no pod template")]
    public void A_mistake_in_a_manifest_is_reported_with_what_is_wrong(string file, string correct, string mistaken, string reported)
    {
        var files = KubernetesManifests.ReadFolder();
        Assert.True(files[file].Split(correct).Length == 2, $"{file} no longer holds \"{correct}\" exactly once: update this test.");
        files[file] = files[file].Replace(correct, mistaken, StringComparison.Ordinal);

        var problems = KubernetesManifests.Load(files).Problems(Documented);

        Assert.True(problems.Any(p => p.Contains(reported, StringComparison.Ordinal)), $"Not reported: {reported}; reported: {string.Join(Environment.NewLine, problems)}");
    }

    private static string? Setting(V1Deployment deployment, string variable) =>
        Assert.Single(deployment.Spec.Template.Spec.Containers).Env.Single(v => v.Name == variable).Value;
}
