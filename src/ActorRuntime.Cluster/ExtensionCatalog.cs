using ActorRuntime.Manifest;

namespace ActorRuntime.Cluster;

/// <summary>
/// The extensions a node can host, by id: each <c>--extensions</c> folder is an extension, or a folder whose
/// subfolders are. Every node of a cluster is given the same folders, so any node can host any extension.
/// </summary>
public sealed class ExtensionCatalog
{
    private readonly Dictionary<string, ExtensionPackage> _packages = new(StringComparer.Ordinal);

    /// <param name="limits">What the extensions' files may be (the shipped defaults when null).</param>
    public ExtensionCatalog(IEnumerable<string> folders, FileLimits? limits = null)
    {
        foreach (var folder in folders)
        {
            if (!Directory.Exists(folder)) throw new ManifestException($"{folder}: no such extensions folder");
            var candidates = File.Exists(Path.Combine(folder, "manifest.json"))
                ? [folder]
                : Directory.GetDirectories(folder).Where(d => File.Exists(Path.Combine(d, "manifest.json"))).Order(StringComparer.Ordinal).ToArray();
            if (candidates.Length == 0) throw new ManifestException($"{folder}: expected an extension folder (with manifest.json) or a folder of them, found neither");
            foreach (var candidate in candidates)
            {
                var package = ExtensionPackage.Load(candidate, limits);
                if (_packages.TryGetValue(package.Id, out var other))
                    throw new ManifestException($"{candidate}: extension id \"{package.Id}\" is already taken by {other.Directory}");
                _packages[package.Id] = package;
            }
        }
    }

    public IReadOnlyCollection<string> Ids => _packages.Keys;

    internal ExtensionPackage? Find(string id) => _packages.GetValueOrDefault(id);
}
