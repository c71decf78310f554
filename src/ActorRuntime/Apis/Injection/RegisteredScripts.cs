using System.Runtime.CompilerServices;
using ActorRuntime.Kernel;
using ActorRuntime.Manifest;

namespace ActorRuntime.Apis.Injection;

/// <summary>
/// A content script an extension registered: by id (<c>scripting.registerContentScripts</c>), or by handle from a context
/// (Firefox's <c>contentScripts.register</c>, whose scripts go when the context that registered them goes).
/// </summary>
internal sealed record Registration(string? Id, ContentScriptSpec Spec, bool PersistAcrossSessions, ContextRealm? Owner)
{
    /// <summary>Whether it still applies: its registering context (if it has one) is alive.</summary>
    public bool IsLive => Owner is null || !Owner.IsDead;
}

/// <summary>
/// The content scripts one loaded extension registered, injected on later navigations like the manifest's. Changed only on
/// the extension's turns; read by the supervisor from its own thread, so each change publishes a new list. Kept as long as
/// the extension is loaded (a suspended event page does not lose them); <c>persistAcrossSessions</c> is kept and reported,
/// but nothing outlives the runtime.
/// </summary>
internal sealed class RegisteredScripts
{
    private static readonly ConditionalWeakTable<ExtensionKernel, RegisteredScripts> All = new();

    public static RegisteredScripts Of(ExtensionKernel extension) => All.GetValue(extension, _ => new RegisteredScripts());

    public static RegisteredScripts? IfAny(ExtensionKernel extension) => All.TryGetValue(extension, out var scripts) ? scripts : null;

    private volatile IReadOnlyList<Registration> _entries = [];

    public IReadOnlyList<Registration> Entries => _entries.Where(entry => entry.IsLive).ToList();

    /// <summary>Replaces the list (a turn's change, published whole); registrations whose context went are dropped.</summary>
    public void Publish(IEnumerable<Registration> entries) => _entries = entries.Where(entry => entry.IsLive).ToArray();

    /// <summary>
    /// The registered scripts the browser injects into a page at <paramref name="url"/>: those that apply there, where
    /// the extension holds a host permission for it (registered scripts, unlike the manifest's, need one: Firefox checked
    /// <c>contentScripts.register</c>'s patterns when they were registered).
    /// </summary>
    public static IReadOnlyList<ContentScriptSpec> At(ExtensionKernel extension, string url)
    {
        if (IfAny(extension) is not { } registered) return [];
        var found = new List<ContentScriptSpec>();
        foreach (var entry in registered._entries)
            if (entry.IsLive && entry.Spec.AppliesTo(url) && (entry.Id is null || ScriptAccess.HoldsHostPermission(extension, url)))
                found.Add(entry.Spec);
        return found;
    }
}
