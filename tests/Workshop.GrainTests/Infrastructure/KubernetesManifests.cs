using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Configuration;
using Orleans.Hosting.Kubernetes;
using Workshop.Silo.Hosting;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Workshop.GrainTests.Infrastructure;

/// <summary>
/// Kubernetes manifests read into the Kubernetes API's own types (KubernetesClient, strict: an unknown kind or a
/// field its schema lacks is a problem), then checked as a cluster would tie them together, and the Workshop
/// containers' settings read as the silo reads them. No API server is needed: kubectl's dry run needs one.
/// </summary>
public sealed partial class KubernetesManifests
{
    private readonly List<string> problems = [];
    private readonly List<IKubernetesObject<V1ObjectMeta>> objects = [];

    private KubernetesManifests(IEnumerable<(string File, string Yaml)> files)
    {
        foreach (var (file, yaml) in files)
        {
            try
            {
                objects.AddRange(KubernetesYaml.LoadAllFromString(yaml, strict: true).Cast<IKubernetesObject<V1ObjectMeta>>());
                problems.AddRange(UnquotedStrings(file, yaml));
            }
            catch (Exception e) { problems.Add($"{file}: {e.Message} {e.InnerException?.Message}"); }
        }
    }

    /// <summary>The folder of the manifests an operator applies.</summary>
    public static string Folder => Path.Combine(SolutionFolder(), "deploy", "kubernetes");

    public static string SolutionFolder()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Workshop.sln"))) folder = folder.Parent;
        return folder?.FullName ?? throw new InvalidOperationException("Workshop.sln not found above the test output.");
    }

    /// <summary>Every *.yaml file of <see cref="Folder"/>, by name, so that a test can change one before loading.</summary>
    public static Dictionary<string, string> ReadFolder() =>
        Directory.GetFiles(Folder, "*.yaml").ToDictionary(f => Path.GetFileName(f), File.ReadAllText);

    /// <summary>The settings the README's configuration table names (its first column, e.g. <c>Cluster:Membership</c>).</summary>
    public static IReadOnlySet<string> DocumentedSettings() =>
        File.ReadLines(Path.Combine(SolutionFolder(), "README.md"))
            .Where(line => line.StartsWith("| `", StringComparison.Ordinal))
            .SelectMany(line => Backticked().Matches(line.Split('|')[1]).Select(m => m.Groups[1].Value))
            .ToHashSet();

    public static KubernetesManifests Load(IReadOnlyDictionary<string, string> files) => new(files.Select(f => (f.Key, f.Value)));

    public IEnumerable<T> All<T>() => objects.OfType<T>();

    /// <summary>Everything wrong, one line each; empty when the manifests hold together.</summary>
    public IReadOnlyList<string> Problems(IReadOnlySet<string> documentedSettings)
    {
        var found = new List<string>(problems);
        foreach (var o in objects.Where(o => string.IsNullOrEmpty(o.Metadata?.Name))) found.Add($"A {o.Kind} has no metadata.name.");
        foreach (var (name, template, selector) in Workloads())
        {
            if (selector is not { Count: > 0 } || selector.Any(l => Label(template, l.Key) != l.Value))
                found.Add($"{name}: its selector does not match its pod template's labels.");
            found.AddRange(PodProblems(name, template, documentedSettings));
        }
        foreach (var set in All<V1StatefulSet>().Where(s => Named<V1Service>(s.Spec.ServiceName) is null))
            found.Add($"{set.Name()}: its serviceName {set.Spec.ServiceName} is no Service.");
        foreach (var service in All<V1Service>()) found.AddRange(ServiceProblems(service));
        foreach (var budget in All<V1PodDisruptionBudget>().Where(b => !Selects(b.Spec.Selector?.MatchLabels).Any()))
            found.Add($"{budget.Name()}: its selector matches no pod template.");
        foreach (var binding in All<V1RoleBinding>())
        {
            if (Named<V1Role>(binding.RoleRef.Name) is null) found.Add($"{binding.Name()}: binds the Role {binding.RoleRef.Name}, which is absent.");
            foreach (var subject in (binding.Subjects ?? []).Where(s => s.Kind == "ServiceAccount" && Named<V1ServiceAccount>(s.Name) is null))
                found.Add($"{binding.Name()}: binds the ServiceAccount {subject.Name}, which is absent.");
        }
        return found;
    }

    private IEnumerable<(string Name, V1PodTemplateSpec Template, IDictionary<string, string>? Selector)> Workloads() =>
        All<V1Deployment>().Select(d => (d.Name(), d.Spec.Template, d.Spec.Selector?.MatchLabels))
            .Concat(All<V1StatefulSet>().Select(s => (s.Name(), s.Spec.Template, s.Spec.Selector?.MatchLabels)));

    private IEnumerable<V1PodTemplateSpec> Selects(IDictionary<string, string>? selector) =>
        selector is not { Count: > 0 }
            ? []
            : Workloads().Select(w => w.Template).Where(t => selector.All(l => Label(t, l.Key) == l.Value));

    private static string? Label(V1PodTemplateSpec template, string key) =>
        template.Metadata?.Labels is { } labels && labels.TryGetValue(key, out var value) ? value : null;

    private T? Named<T>(string? name) where T : IKubernetesObject<V1ObjectMeta> => All<T>().FirstOrDefault(o => o.Name() == name);

    private IEnumerable<string> ServiceProblems(V1Service service)
    {
        var pods = Selects(service.Spec.Selector).ToList();
        if (pods.Count == 0) yield return $"{service.Name()}: its selector matches no pod template.";
        var ports = pods.SelectMany(p => p.Spec.Containers).SelectMany(c => c.Ports ?? []).ToList();
        foreach (var port in service.Spec.Ports.Where(p => pods.Count > 0 && !ports.Any(c => Names(c, p.TargetPort?.Value ?? p.Port.ToString()))))
            yield return $"{service.Name()}: its targetPort {port.TargetPort?.Value} is no port of the pods it selects.";
    }

    private IEnumerable<string> PodProblems(string workload, V1PodTemplateSpec template, IReadOnlySet<string> documentedSettings)
    {
        var volumes = (template.Spec.Volumes ?? []).Select(v => v.Name)
            .Concat(All<V1StatefulSet>().Where(s => s.Spec.Template == template).SelectMany(s => s.Spec.VolumeClaimTemplates ?? []).Select(c => c.Name()));
        foreach (var container in template.Spec.Containers)
        {
            var name = $"{workload}/{container.Name}";
            if (string.IsNullOrEmpty(container.Image)) yield return $"{name}: has no image.";
            if (container.ReadinessProbe is null || container.LivenessProbe is null) yield return $"{name}: needs a readiness and a liveness probe.";
            foreach (var port in new[] { container.ReadinessProbe, container.LivenessProbe }.Select(ProbedPort).OfType<string>()
                         .Where(p => !(container.Ports ?? []).Any(c => Names(c, p))))
                yield return $"{name}: a probe asks port {port}, which the container does not declare.";
            foreach (var mount in (container.VolumeMounts ?? []).Where(m => !volumes.Contains(m.Name)))
                yield return $"{name}: mounts {mount.Name}, which is no volume of the pod.";
            foreach (var problem in EnvironmentProblems(name, container)) yield return problem;
            if (container.Image?.StartsWith("workshop-", StringComparison.Ordinal) == true)
                foreach (var problem in WorkshopProblems(name, template, container, documentedSettings)) yield return problem;
        }
    }

    private static string? ProbedPort(V1Probe? probe) => probe?.HttpGet?.Port.Value ?? probe?.TcpSocket?.Port.Value;

    private static bool Names(V1ContainerPort port, string nameOrNumber) => port.Name == nameOrNumber || port.ContainerPort.ToString() == nameOrNumber;

    private IEnumerable<string> EnvironmentProblems(string name, V1Container container)
    {
        var defined = new HashSet<string>();
        foreach (var variable in container.Env ?? [])
        {
            foreach (var reference in References(variable.Value).Where(r => !defined.Contains(r)))
                yield return $"{name}: {variable.Name} uses $({reference}), which no variable before it defines.";
            if (variable.ValueFrom?.SecretKeyRef is { } secret && !HasKey(Named<V1Secret>(secret.Name), secret.Key))
                yield return $"{name}: {variable.Name} reads the key {secret.Key} of the Secret {secret.Name}, which is absent.";
            defined.Add(variable.Name);
        }
    }

    private static bool HasKey(V1Secret? secret, string key) =>
        secret?.StringData?.ContainsKey(key) == true || secret?.Data?.ContainsKey(key) == true;

    private static IEnumerable<string> References(string? value) =>
        value is null ? [] : Reference().Matches(value).Select(m => m.Groups[1].Value);

    /// <summary>A Workshop image: every variable is a setting the README documents (or one the pod, the runtime or
    /// the logging reads), the settings are ones the silo accepts, and Kubernetes hosting gets what it needs from the pod.</summary>
    private IEnumerable<string> WorkshopProblems(string name, V1PodTemplateSpec template, V1Container container, IReadOnlySet<string> documentedSettings)
    {
        var env = container.Env ?? [];
        string[] podVariables = [KubernetesHostingOptions.PodNameEnvironmentVariable, KubernetesHostingOptions.PodNamespaceEnvironmentVariable, KubernetesHostingOptions.PodIPEnvironmentVariable];
        var helpers = env.SelectMany(v => References(v.Value)).ToHashSet();
        foreach (var variable in env.Where(v => !documentedSettings.Contains(v.Name.Replace("__", ":", StringComparison.Ordinal))
                     && !podVariables.Contains(v.Name) && !helpers.Contains(v.Name)
                     && !new[] { "DOTNET_", "ASPNETCORE_", "Logging__" }.Any(prefix => v.Name.StartsWith(prefix, StringComparison.Ordinal))))
            yield return $"{name}: sets {variable.Name}, which is no setting the README's configuration table documents.";

        // Secrets and pod fields stand in as placeholders: only the settings' shape matters here.
        var settings = new ConfigurationBuilder().AddInMemoryCollection(env.Select(v =>
            KeyValuePair.Create(v.Name.Replace("__", ":", StringComparison.Ordinal), (string?)(v.Value ?? "from-the-pod")))).Build();
        OrleansEndpoints? endpoints = null;
        string? refused = null;
        try { endpoints = OrleansEndpoints.From(settings); }
        catch (InvalidOperationException e) { refused = e.Message; }
        if (refused is not null) yield return $"{name}: the silo refuses its settings: {refused}";
        if (endpoints is not { Kubernetes: true }) yield break;

        var fields = new Dictionary<string, string>
        {
            [KubernetesHostingOptions.PodNameEnvironmentVariable] = "metadata.name",
            [KubernetesHostingOptions.PodNamespaceEnvironmentVariable] = "metadata.namespace",
            [KubernetesHostingOptions.PodIPEnvironmentVariable] = "status.podIP",
        };
        foreach (var (variable, field) in fields.Where(f => env.FirstOrDefault(v => v.Name == f.Key)?.ValueFrom?.FieldRef?.FieldPath != f.Value))
            yield return $"{name}: Kubernetes hosting needs {variable} from the pod's {field}.";
        if (Label(template, KubernetesHostingOptions.ServiceIdLabel) != WorkshopSilo.ServiceId
            || Label(template, KubernetesHostingOptions.ClusterIdLabel) != WorkshopSilo.ClusterIdFrom(settings))
            yield return $"{name}: its pods need the labels {KubernetesHostingOptions.ServiceIdLabel}={WorkshopSilo.ServiceId} and {KubernetesHostingOptions.ClusterIdLabel}={WorkshopSilo.ClusterIdFrom(settings)}.";
        string[] verbs = ["get", "list", "watch", "patch"];
        var granted = All<V1RoleBinding>()
            .Where(b => b.Subjects?.Any(s => s.Kind == "ServiceAccount" && s.Name == template.Spec.ServiceAccountName) == true)
            .Select(b => Named<V1Role>(b.RoleRef.Name)).OfType<V1Role>()
            .SelectMany(r => r.Rules).Where(r => r.Resources?.Contains("pods") == true && r.ApiGroups?.Contains("") == true)
            .SelectMany(r => r.Verbs).ToHashSet();
        if (Named<V1ServiceAccount>(template.Spec.ServiceAccountName) is null || !verbs.All(granted.Contains))
            yield return $"{name}: Kubernetes hosting needs a ServiceAccount bound to a Role that may {string.Join(", ", verbs)} pods.";
    }

    /// <summary>
    /// Kubernetes reads YAML as JSON, where an unquoted 11111 or true is a number or a boolean: the API refuses it
    /// where it wants a string (an env value, a label), while the typed read above takes it as text.
    /// </summary>
    private static IEnumerable<string> UnquotedStrings(string file, string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.SelectMany(d => StringEntries(d.RootNode, ""))
            .Where(e => e.Value.Style == ScalarStyle.Plain && NotAString().IsMatch(e.Value.Value ?? ""))
            .Select(e => $"{file}: {e.Key}: {e.Value.Value} must be quoted, or Kubernetes reads it as a number or a boolean.");
    }

    private static readonly string[] StringMaps = ["labels", "matchLabels", "selector", "annotations", "stringData", "data"];

    private static IEnumerable<(string Key, YamlScalarNode Value)> StringEntries(YamlNode node, string parent) => node switch
    {
        YamlMappingNode mapping => mapping.Children.SelectMany(entry =>
        {
            var key = ((YamlScalarNode)entry.Key).Value ?? "";
            return entry.Value is YamlScalarNode scalar && (StringMaps.Contains(parent) || (parent == "env" && key == "value"))
                ? [(key, scalar)]
                : StringEntries(entry.Value, key);
        }),
        YamlSequenceNode sequence => sequence.Children.SelectMany(item => StringEntries(item, parent)),
        _ => [],
    };

    [GeneratedRegex(@"^([-+]?[0-9][0-9_]*(\.[0-9]*)?([eE][-+]?[0-9]+)?|[-+]?\.[0-9]+|0x[0-9a-fA-F]+|(?i:true|false|yes|no|on|off|y|n|null)|~)$")]
    private static partial Regex NotAString();

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Backticked();

    [GeneratedRegex(@"\$\(([A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex Reference();
}
