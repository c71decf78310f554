using ActorRuntime.Dom;
using ActorRuntime.Kernel;
using ActorRuntime.Manifest;
using ActorRuntime.Scripting;
using Akka.Actor;
using Jint.Native;

namespace ActorRuntime.Apis.Injection;

internal enum InjectionKind { Script, InsertCss, RemoveCss }

/// <summary>How a script injection answers: <c>scripting.executeScript</c>'s result per frame, or <c>tabs.executeScript</c>'s array of values.</summary>
internal enum ResultForm { PerFrame, Values }

/// <summary>
/// One script of an injection: a file of the extension (parsed once, through the catalog) or code parsed under the same
/// engine limits; or why it cannot run (<paramref name="Failure"/>: Firefox's error for a file it cannot load).
/// </summary>
internal sealed record InjectedScript(string Name, PreparedScript? Script, string? Failure = null);

/// <summary>One style sheet of an injection: its key (what removes it again), and its text or why it could not be read.</summary>
internal sealed record InjectedStyle(string Key, string? Css, string? Failure);

/// <summary>
/// What an extension injects into a tab (<c>scripting.executeScript</c>, <c>insertCSS</c>, <c>removeCSS</c>, and MV2's
/// <c>tabs.*</c> forms), sent from the calling context to the supervisor, which checks the tab and hands it to the tab's
/// content context (opening one when the extension has none there); that context runs it on its turn and the caller's
/// reply is settled on a task of the loop. Nothing in it holds a value of an engine.
/// </summary>
internal sealed class TabInjection : INoSerializationVerificationNeeded
{
    public required int TabId { get; init; }
    public required InjectionKind Kind { get; init; }
    public required InjectionCaller Caller { get; init; }
    public ScriptWorld World { get; init; }
    public IReadOnlyList<InjectedScript> Scripts { get; init; } = [];
    public IReadOnlyList<InjectedStyle> Styles { get; init; } = [];
    public StyleOrigin Origin { get; init; }

    /// <summary>Chromium's <c>documentIds</c>: the injection goes only into a document with one of these ids.</summary>
    public IReadOnlyList<string>? DocumentIds { get; init; }

    /// <summary><c>allFrames</c>: into every frame of the tab the extension may script.</summary>
    public bool AllFrames { get; init; }

    /// <summary><c>frameIds</c> (MV2's <c>frameId</c>): into these frames; null: the top frame (unless <see cref="AllFrames"/>).</summary>
    public IReadOnlyList<int>? FrameIds { get; init; }

    /// <summary>The frame this copy of the injection runs in (the supervisor sends one copy to each frame's context).</summary>
    public int FrameId { get; init; }

    /// <summary>The refusal of the supervisor (null: handed to the tab's context), for the caller's next turn.</summary>
    public TaskCompletionSource<string?> Delivered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The copy that goes to one frame's context: the same caller, who hears from every frame.</summary>
    public TabInjection ForFrame(int frameId) => new()
    {
        TabId = TabId,
        Kind = Kind,
        Caller = Caller,
        World = World,
        Scripts = Scripts,
        Styles = Styles,
        Origin = Origin,
        FrameId = frameId,
    };

    /// <summary>The frame's context went before it ran this: the caller hears the document is gone.</summary>
    public void Abandon() => Caller.Fail(Caller.DocumentGone(TabId, FrameId));
}

/// <summary>
/// The calling side of an injection: its reply, and how a result travels back. Everything it is given is a copy taken in
/// the target's engine (a structured clone, or JSON text in Chromium), built afresh in the caller's engine on a task of
/// the extension's loop. A caller that has gone hears nothing.
/// </summary>
internal sealed class InjectionCaller(ContextRealm realm, ApiReply reply, ResultForm form)
{
    private bool _settled;

    public ContextRealm Realm { get; } = realm;
    public ResultForm Form { get; } = form;
    public bool Chromium => Realm.Extension.Flavor == Flavor.Chrome;

    /// <summary>Whether a promise the script gave is awaited (all but Chromium's <c>tabs.executeScript</c>).</summary>
    public bool AwaitsPromises => !(Chromium && Form == ResultForm.Values);

    /// <summary>The error for a document that went (navigated, closed) before the injection into it finished.</summary>
    public string DocumentGone(int tabId, int frameId = 0) => Chromium ? $"Frame with ID {frameId} was removed." : "Actor 'ExtensionContent' destroyed before query 'Execute' was resolved";

    /// <summary>The flavour's error for a tab the extension does not see.</summary>
    public string NoTab(int tabId) => Chromium ? $"No tab with id: {tabId}." : $"Invalid tab ID: {tabId}";

    /// <summary>The flavour's error for a tab with no document to inject into (discarded).</summary>
    public string NoDocument(int tabId, int frameId = 0) => Chromium ? $"No frame with id {frameId} in tab with id {tabId}" : ScriptAccess.FirefoxMissingHostPermission;

    /// <summary>The frames the injection went into, in the order of the answer (the top frame alone until the supervisor says).</summary>
    private IReadOnlyList<int> _frames = [0];

    /// <summary>What each frame gave so far; frames' contexts answer from their own threads, so it is read and written under its lock.</summary>
    private readonly Dictionary<int, FrameOutcome> _outcomes = new();

    /// <summary>The supervisor sends the injection into these frames: the answer waits for each.</summary>
    public void Expect(IReadOnlyList<int> frameIds)
    {
        lock (_outcomes) _frames = frameIds;
    }

    /// <summary>Settles the caller with a failure; from any turn of the loop.</summary>
    public void Fail(string message) => Settle(() => reply.Reject(message));

    /// <summary>CSS inserted into or removed from the frame: once every frame is done, the caller's promise resolves with nothing.</summary>
    public void Done(int frameId)
    {
        if (Record(new FrameOutcome(null, null, null) { FrameId = frameId }) is not null) Settle(() => reply.Resolve(JsValue.Undefined));
    }

    /// <summary>The script's outcome in one frame: once every frame has one, the caller is answered with all of them, in frame order.</summary>
    public void Completed(FrameOutcome outcome)
    {
        if (Record(outcome) is not { } outcomes) return;
        Settle(() =>
        {
            var engine = Realm.Engine;
            if (Form == ResultForm.Values)
            {
                // Firefox rejects tabs.executeScript with what the script threw; Chromium gives null (the error went to the page's console).
                if (outcomes.FirstOrDefault(o => o.Error is not null)?.Error is { } thrown)
                {
                    reply.Reject(ErrorReport.MessageOfValue(thrown(Realm)));
                    return;
                }
                reply.Resolve(new JsArray(engine, outcomes.Select(o => o.Value?.Invoke(Realm) ?? JsValue.Null).ToArray()));
                return;
            }
            var frames = new List<JsValue>();
            foreach (var each in outcomes)
            {
                var frame = new JsObject(engine);
                if (Chromium && each.DocumentId is { } documentId) frame.FastSetDataProperty("documentId", documentId);
                frame.FastSetDataProperty("frameId", each.FrameId);
                if (each.Error is { } error) frame.FastSetDataProperty("error", error(Realm));
                else frame.FastSetDataProperty("result", each.Value?.Invoke(Realm) ?? (Chromium ? JsValue.Null : JsValue.Undefined));
                frames.Add(frame);
            }
            reply.Resolve(new JsArray(engine, frames.ToArray()));
        });
    }

    /// <summary>Keeps one frame's outcome; all of them, in frame order, once the last expected one is in (else null).</summary>
    private List<FrameOutcome>? Record(FrameOutcome outcome)
    {
        lock (_outcomes)
        {
            _outcomes[outcome.FrameId] = outcome;
            if (_frames.Any(id => !_outcomes.ContainsKey(id))) return null;
            return _frames.Select(id => _outcomes[id]).ToList();
        }
    }

    private void Settle(Action settle)
    {
        lock (_outcomes)
        {
            if (_settled) return;
            _settled = true;
        }
        Realm.Extension.Loop.Post(Realm, settle);
    }
}

/// <summary>
/// What a script gave in one frame, as copies to build in the caller: its value (null: nothing, which Chromium answers as
/// null), or (Firefox) what it threw or rejected with.
/// </summary>
internal sealed record FrameOutcome(Func<ContextRealm, JsValue>? Value, Func<ContextRealm, JsValue>? Error, string? DocumentId)
{
    /// <summary>The frame it comes from (0: the top frame).</summary>
    public int FrameId { get; init; }
}
