using ActorRuntime.Kernel;
using ActorRuntime.Scripting;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Native.Promise;

namespace ActorRuntime.Apis;

/// <summary>
/// How one asynchronous API call answers its caller, decided once for every API: a promise (browser.*, and chrome.* where
/// the flavour gives it promises), or the callback the call was given, with <c>runtime.lastError</c> set while it runs on
/// failure; an error nobody checks is printed as the flavour prints it.
/// </summary>
internal sealed class ApiReply
{
    private readonly ContextRealm _realm;
    private readonly JsValue? _callback;
    private readonly ManualPromise? _promise;
    private readonly Action<JsValue?, string?>? _observer;

    private ApiReply(ContextRealm realm, JsValue? callback, bool promise, Action<JsValue?, string?>? observer)
    {
        _realm = realm;
        _callback = callback;
        _observer = observer;
        if (callback is null && promise) _promise = realm.Engine.Advanced.RegisterPromise();
    }

    /// <summary>A reply to <paramref name="callback"/> when there is one, else a promise when <paramref name="promiseAllowed"/>, else nobody (errors are still printed).</summary>
    public static ApiReply Create(ContextRealm realm, JsValue? callback, bool promiseAllowed, Action<JsValue?, string?>? observer = null) =>
        new(realm, callback is { } c && c.IsCallable() ? c : null, promiseAllowed, observer);

    /// <summary>What the API function returns: the promise, or undefined in callback form.</summary>
    public JsValue ReturnValue => _promise?.Promise ?? JsValue.Undefined;

    public bool IsSettled { get; private set; }

    public ContextRealm Realm => _realm;

    /// <summary>Answers with <paramref name="value"/> (a callback of a call that answers nothing is called with no argument).</summary>
    public void Resolve(JsValue value)
    {
        if (IsSettled || _realm.IsDead) return;
        IsSettled = true;
        _observer?.Invoke(value, null);
        if (_promise is not null) _promise.Resolve(value);
        else if (_callback is not null) _realm.CallReporting(_callback, JsValue.Undefined, value.IsUndefined() ? [] : [value]);
    }

    /// <summary>
    /// Fails with <paramref name="message"/>: the promise rejects with an Error (or <paramref name="error"/>, an error
    /// object of the realm's own), or the callback runs with lastError set.
    /// </summary>
    public void Reject(string message, ObjectInstance? error = null)
    {
        if (IsSettled || _realm.IsDead) return;
        IsSettled = true;
        _observer?.Invoke(null, message);
        if (_promise is not null)
        {
            _promise.Reject(error ?? _realm.Engine.Intrinsics.Error.Construct(message));
            return;
        }
        var lastError = LastError.Of(_realm);
        if (_callback is null)
        {
            // No callback and no promise (chrome.* in callback-only form): Chromium reports the error at once.
            lastError.ReportUnchecked(message);
            return;
        }
        lastError.Set(message);
        try
        {
            _realm.CallReporting(_callback, JsValue.Undefined, []);
        }
        finally
        {
            if (!lastError.Clear()) lastError.ReportUnchecked(message);
        }
    }

    /// <summary>Runs <paramref name="action"/> as a microtask of the realm, as browsers answer API calls asynchronously.</summary>
    public void Later(Action<ApiReply> action) => ApiFunctions.Later(_realm, () => action(this));
}

/// <summary>A context's <c>runtime.lastError</c> (and <c>extension.lastError</c>): set only while an API callback runs; reading it marks it checked.</summary>
internal sealed class LastError
{
    private readonly ContextRealm _realm;
    private ObjectInstance? _error;
    private bool _checked;

    private LastError(ContextRealm realm) => _realm = realm;

    public static LastError Of(ContextRealm realm) => realm.ApiState is ApiRealmState state ? state.LastError : new LastError(realm);

    public static LastError Create(ContextRealm realm) => new(realm);

    /// <summary>What the property reads: the error object during a failed call's callback, else undefined.</summary>
    public JsValue Read()
    {
        if (_error is null) return JsValue.Undefined;
        _checked = true;
        return _error;
    }

    public void Set(string message)
    {
        var flavor = _realm.Extension.Flavor;
        // Firefox's lastError is an Error; Chromium's an object whose only property is message.
        _error = flavor == Flavor.Chrome ? NewMessageObject(message) : _realm.Engine.Intrinsics.Error.Construct(message);
        _checked = false;
    }

    private ObjectInstance NewMessageObject(string message)
    {
        var error = new JsObject(_realm.Engine);
        error.FastSetDataProperty("message", message);
        return error;
    }

    /// <summary>Clears it; true when the callback read it.</summary>
    public bool Clear()
    {
        var wasChecked = _checked;
        _error = null;
        _checked = false;
        return wasChecked;
    }

    public void ReportUnchecked(string message) =>
        _realm.Log("error", _realm.Extension.Flavor == Flavor.Chrome
            ? $"Unchecked runtime.lastError: {message}"
            : $"Unchecked lastError value: Error: {message}");
}
