using Jint;
using ActorRuntime.Kernel;
using Jint.Native;

namespace ActorRuntime.Dom;

/// <summary>
/// A page's session history as <c>history</c> shows it: the page's own entry first (a page the runtime opens is a fresh
/// one, so <c>length</c> is 1), entries <c>pushState</c> adds in the same document (at most 50, as in both browsers),
/// the state of each (a structured clone), and traversal within them: <c>back</c>, <c>forward</c> and <c>go</c> move on a
/// later task, change the page's URL and fire <c>popstate</c> (and <c>hashchange</c> when the fragment changed).
/// </summary>
internal sealed class SessionHistory
{
    private const int MaxEntries = 50;

    private readonly DomBinding _dom;
    private readonly List<(string Url, StructuredClone? State)> _entries;
    private int _index;

    public SessionHistory(DomBinding dom)
    {
        _dom = dom;
        _entries = [(dom.DocumentUrl, null)];
    }

    public int Length => _entries.Count;

    /// <summary><c>history.state</c>: the current entry's state, deserialized once (the same object until the entry changes).</summary>
    public JsValue State { get; private set; } = JsValue.Null;

    public string ScrollRestoration { get; set; } = "auto";

    /// <summary><c>pushState</c> (<paramref name="replace"/> false) and <c>replaceState</c>.</summary>
    public void Add(JsValue data, JsValue url, bool replace)
    {
        var member = replace ? "replaceState" : "pushState";
        StructuredClone serialized;
        try
        {
            serialized = StructuredClone.Capture(_dom.Realm, data);
        }
        catch (MessageTooLargeException tooLarge)
        {
            throw _dom.DomError("DataCloneError", $"History.{member}: {tooLarge.Message}");
        }
        var target = url.IsUndefined() || url.IsNull() ? _dom.DocumentUrl : Rewritten(_dom.DomString(url), member);
        if (replace) _entries[_index] = (target, serialized);
        else
        {
            _entries.RemoveRange(_index + 1, _entries.Count - _index - 1);
            _entries.Add((target, serialized));
            if (_entries.Count > MaxEntries) _entries.RemoveAt(0);
            _index = _entries.Count - 1;
        }
        State = serialized.Materialize(_dom.Realm);
        _dom.SetUrl(target);
    }

    /// <summary>
    /// HTML's "can have its URL rewritten": the same scheme, credentials, host and port as the page's URL (and for
    /// <c>file:</c> the same path); else, or when it does not parse, the SecurityError browsers throw.
    /// </summary>
    private string Rewritten(string url, string member)
    {
        var document = UrlRecord.Parse(_dom.DocumentUrl);
        var target = document is null ? null : UrlRecord.Parse(FormUrlEncoded.Usv(url), document);
        var allowed = document is not null && target is not null && target.Scheme == document.Scheme && target.Username == document.Username
                      && target.Password == document.Password && target.Host == document.Host && target.Port == document.Port
                      && (target.Scheme != "file" || target.Path == document.Path);
        if (allowed) return target!.Href;
        throw _dom.DomError("SecurityError", _dom.Flavor == Flavor.Chrome
            ? $"Failed to execute '{member}' on 'History': A history state object with URL '{target?.Href ?? url}' cannot be created in a document with origin '{document?.Origin ?? "null"}' and URL '{_dom.DocumentUrl}'."
            : "The operation is insecure.");
    }

    /// <summary><c>go(delta)</c>: queued as a task, as browsers traverse; 0 (a reload) and a step past either end do nothing.</summary>
    public void Go(int delta)
    {
        if (delta == 0) return;
        var realm = _dom.Realm;
        realm.Extension.Loop.Post(realm, () => Traverse(delta));
    }

    private void Traverse(int delta)
    {
        var target = _index + delta;
        if (target < 0 || target >= _entries.Count) return;
        var oldUrl = _dom.DocumentUrl;
        _index = target;
        var (url, state) = _entries[target];
        _dom.SetUrl(url);
        State = state?.Materialize(_dom.Realm) ?? JsValue.Null;
        var popState = Interfaces.EventInterfaces.Create(_dom, Interfaces.EventInterfaces.PopStateEvent, "popstate", bubbles: false, cancelable: false,
            fields => fields["state"] = State);
        _dom.Dispatch(popState, _dom.Window);
        if (UrlRecord.Parse(oldUrl)?.Fragment == UrlRecord.Parse(url)?.Fragment) return;
        // hashchange comes on a task of its own, after popstate.
        _dom.Realm.Extension.Loop.Post(_dom.Realm, () =>
            _dom.Dispatch(Interfaces.EventInterfaces.Create(_dom, Interfaces.EventInterfaces.HashChangeEvent, "hashchange", bubbles: false, cancelable: false, fields =>
            {
                fields["oldURL"] = oldUrl;
                fields["newURL"] = url;
            }), _dom.Window));
    }
}
