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
/// The content scripts one loaded extension registered, injected on later navigations like the manifest's. Changed on the
/// extension's turns (and by its supervisor when it reloads), read by the supervisor from its own thread: each change
/// publishes a new list under a lock, readers take the list as it is. Kept as long as
/// the extension is loaded (a suspended event page does not lose them); those registered by id with
/// <c>persistAcrossSessions</c> are kept across restarts too, as browsers keep them (see RegisteredScripts.Kept.cs).
/// </summary>
internal sealed partial class RegisteredScripts(ExtensionKernel extension)
{
    private static readonly ConditionalWeakTable<ExtensionKernel, RegisteredScripts> All = new();

    public static RegisteredScripts Of(ExtensionKernel extension) => All.GetValue(extension, key => new RegisteredScripts(key));

    public static RegisteredScripts? IfAny(ExtensionKernel extension) => All.TryGetValue(extension, out var scripts) ? scripts : null;

    private volatile IReadOnlyList<Registration> _entries = [];

    public IReadOnlyList<Registration> Entries => _entries.Where(entry => entry.IsLive).ToList();

    /// <summary>Changes the list (published whole, one change at a time); registrations whose context went are dropped.</summary>
    public void Change(Func<IReadOnlyList<Registration>, IEnumerable<Registration>> change)
    {
        lock (_writing) _entries = change(_entries).Where(entry => entry.IsLive).ToArray();
        extension.KeptState.Changed(KeptBrowserState.RegisteredScripts, KeptJson);
    }

    private readonly object _writing = new();

    /// <summary>
    /// The extension was reloaded (<c>runtime.reload()</c>): Firefox starts it with none (an upgrade clears them); Chromium
    /// restores those that persist across sessions. Registrations of a context went with it either way.
    /// </summary>
    public void Reloaded(Flavor flavor)
    {
        Change(entries => flavor == Flavor.Chrome ? entries.Where(entry => entry.Owner is null && entry.PersistAcrossSessions) : []);
        // Outside any turn (the supervisor reloads): what is kept across restarts follows at once.
        extension.KeptState.SaveChanges();
    }

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
