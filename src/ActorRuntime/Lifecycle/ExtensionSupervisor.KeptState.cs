using System.Text.Json;
using ActorRuntime.Apis.Injection;
using ActorRuntime.Contexts;
using ActorRuntime.Kernel;

namespace ActorRuntime.Lifecycle;

/// <summary>
/// Starting an extension with what the browser kept of it from an earlier run (<see cref="KeptBrowserState"/>): Chromium's
/// alarms, the dynamic rules, the enabled static rulesets, the registered scripts that persist across sessions; restored before any context runs, so a
/// request made right after the load already meets a kept dynamic rule.
/// </summary>
internal sealed partial class ExtensionSupervisor
{
    private void RestoreKeptState(InstallChecked check)
    {
        // Nothing kept, and the store readable: nothing to hold until something changes (a suspended extension keeps no state object).
        if (check.KeptState is not { Count: > 0 } && check.KeptStateError is null) return;
        var kept = _state.KeptState;
        // An update starts with no registered scripts (Firefox clears its store on an upgrade); alarms and dynamic rules stay.
        var updated = check.PreviousVersion is { } previous && previous != Manifest.Version;
        if (check.KeptState is { Count: > 0 } stored)
        {
            Restore(stored, KeptBrowserState.Alarms, "alarms", json => _state.Alarms.Restore(json));
            Restore(stored, KeptBrowserState.DynamicRules, "dynamic rules", json => _state.NetRules.RestoreDynamicRules(json));
            // Chromium: "the set of enabled static rulesets is persisted across sessions but not across extension updates".
            if (!updated)
            {
                Restore(stored, KeptBrowserState.RegisteredScripts, "registered content scripts", json => RegisteredScripts.Restore(_state, json));
                Restore(stored, KeptBrowserState.StaticRulesets, "static ruleset states", json => _state.NetRules.RestoreStaticState(json));
            }
            else
            {
                kept.Changed(KeptBrowserState.RegisteredScripts, () => null);
                kept.Changed(KeptBrowserState.StaticRulesets, () => null);
            }
        }
        kept.Loaded(check.KeptState, durable: check.KeptStateError is null);
        if (check.KeptStateError is { } error)
            _state.Report(new ConsoleEntry("extension", "warn", "alarms, dynamic rules and registered scripts could not be read from storage, so this load keeps them in memory only: " + error));
    }

    /// <summary>Hands one kind to its restore hook (when the flavour keeps it); what could not be restored is reported, not fatal.</summary>
    private void Restore(IReadOnlyDictionary<string, string> stored, string kind, string what, Func<JsonElement, int> restore)
    {
        if (!KeptBrowserState.Keeps(_state.Flavor, kind) || !stored.TryGetValue(kind, out var json)) return;
        int skipped;
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = _state.Options.MaxMessageDepth });
            skipped = restore(document.RootElement);
        }
        catch (JsonException)
        {
            skipped = 1;
        }
        if (skipped > 0) _state.Report(new ConsoleEntry("extension", "warn", $"{skipped} of the kept {what} could not be restored and were dropped"));
    }
}
