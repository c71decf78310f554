using System.Security.Cryptography;
using ActorRuntime.Kernel;
using ActorRuntime.Scripting;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Descriptors;

namespace ActorRuntime.Apis;

/// <summary>
/// Globals every page has besides the DOM: <c>atob</c>/<c>btoa</c>, <c>navigator</c>, <c>alert</c>/<c>confirm</c>/
/// <c>prompt</c> (printed on the context's console: nobody is there to answer, so <c>confirm</c> says yes and
/// <c>prompt</c> gives its default), <c>structuredClone</c>, <c>crypto.getRandomValues</c>/<c>randomUUID</c>, and
/// <c>performance.now()</c> and <c>requestAnimationFrame</c> on the runtime's clock.
/// </summary>
internal static class WindowGlobals
{
    /// <summary>The largest array <c>getRandomValues</c> fills, in bytes, as in browsers.</summary>
    private const int MaxRandomBytes = 65_536;

    public static void Install(IContextHost host)
    {
        var realm = host.Realm;
        var global = realm.Global;
        var flavor = host.Extension.Flavor;
        global.Method("atob", (_, args) => Atob(realm, flavor, Text(args, 0)));
        global.Method("btoa", (_, args) => Btoa(realm, flavor, Text(args, 0)));
        global.Method("structuredClone", (_, args) => Clone(realm, args.Length > 0 ? args[0] : JsValue.Undefined));
        var worker = realm.Info.IsServiceWorker;
        if (!worker)
        {
            global.Method("alert", (_, args) => Said(realm, "alert", args.Length > 0 ? Text(args, 0) : "", JsValue.Undefined));
            // Nobody is there to answer: the host's settings do (actorruntime.dialogs).
            var options = host.Extension.Options;
            global.Method("confirm", (_, args) => Said(realm, "confirm", args.Length > 0 ? Text(args, 0) : "", options.ConfirmAnswer ? JsBoolean.True : JsBoolean.False));
            global.Method("prompt", (_, args) => Said(realm, "prompt", args.Length > 0 ? Text(args, 0) : "",
                options.PromptCancels ? JsValue.Null : options.PromptAnswer is { } answer ? answer : args.Length > 1 ? Text(args, 1) : ""));
        }
        // Getters, as on a browser's Window, each object built on first use: most pages never touch them.
        var clock = host.Extension.Clock;
        var origin = clock.GetUtcNow();
        global.LazyGetter("navigator", new(() => Navigator(host, flavor), LazyThreadSafetyMode.None));
        global.LazyGetter("crypto", new(() => Crypto(realm, flavor), LazyThreadSafetyMode.None));
        global.LazyGetter("performance", new(() => Performance(realm, clock, origin), LazyThreadSafetyMode.None));
        // A service worker renders nothing: no animation frames, no dialogs.
        if (!worker) AnimationFrames.Install(host, origin);
    }

    private static string Text(JsValue[] args, int index) => TypeConverter.ToString(args.Length > index ? args[index] : JsValue.Undefined);

    /// <summary>
    /// <c>structuredClone(value)</c>: the copy messages make, within this page (the same DataCloneErrors per flavour;
    /// a value over the message size limit is refused with a RangeError naming the setting).
    /// </summary>
    private static JsValue Clone(ContextRealm realm, JsValue value)
    {
        try
        {
            return StructuredClone.Capture(realm, value).Materialize(realm);
        }
        catch (MessageTooLargeException tooLarge)
        {
            throw new JavaScriptException(realm.Engine.Construct(realm.Engine.Global.Get("RangeError"), [new JsString("structuredClone: " + tooLarge.Message)]));
        }
    }

    private static JsValue Said(ContextRealm realm, string what, string text, JsValue answer)
    {
        realm.Log("log", $"{what}: {text}");
        return answer;
    }

    /// <summary>An error named as the DOMException browsers throw (<c>InvalidCharacterError</c>, ...), with their message.</summary>
    private static JavaScriptException DomError(ContextRealm realm, string name, string message)
    {
        var error = realm.Engine.Intrinsics.Error.Construct(message);
        error.FastSetDataProperty("name", name);
        return new JavaScriptException(error);
    }

    private static JsValue Btoa(ContextRealm realm, Flavor flavor, string text)
    {
        var bytes = new byte[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] > 0xFF)
                throw DomError(realm, "InvalidCharacterError", flavor == Flavor.Chrome
                    ? "Failed to execute 'btoa' on 'Window': The string to be encoded contains characters outside of the Latin1 range."
                    : "String contains an invalid character");
            bytes[i] = (byte)text[i];
        }
        return Convert.ToBase64String(bytes);
    }

    /// <summary>The HTML standard's forgiving base64 decode: ASCII whitespace ignored, padding optional.</summary>
    private static JsValue Atob(ContextRealm realm, Flavor flavor, string text)
    {
        var data = new string(text.Where(c => c is not (' ' or '\t' or '\n' or '\f' or '\r')).ToArray());
        if (data.Length % 4 == 0 && data.EndsWith("==", StringComparison.Ordinal)) data = data[..^2];
        else if (data.Length % 4 == 0 && data.EndsWith('=')) data = data[..^1];
        if (data.Length % 4 == 1 || data.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '+' or '/')))
            throw DomError(realm, "InvalidCharacterError", flavor == Flavor.Chrome
                ? "Failed to execute 'atob' on 'Window': The string to be decoded is not correctly encoded."
                : "String contains an invalid character");
        var padded = data + new string('=', (4 - data.Length % 4) % 4);
        var bytes = Convert.FromBase64String(padded);
        return new string(bytes.Select(b => (char)b).ToArray());
    }

    private static ObjectInstance Navigator(IContextHost host, Flavor flavor)
    {
        var engine = host.Realm.Engine;
        var navigator = new JsObject(engine);
        // An extension page of an extension whose background is a service worker is that worker's client.
        if (host.Extension.IsServiceWorker && host.Realm.Info.IsExtensionPage && !host.Realm.Info.IsServiceWorker && host.Realm.PageDom is Dom.DomBinding dom)
            navigator.LazyGetter("serviceWorker", new(() => (ObjectInstance)Dom.ServiceWorkerContainer.For(host, dom), LazyThreadSafetyMode.None));
        navigator.FastSetDataProperty("userAgent", BrowserVersions.UserAgent(flavor));
        navigator.FastSetDataProperty("language", "en-US");
        navigator.FastSetDataProperty("languages", new JsArray(engine, [new JsString("en-US"), new JsString("en")]));
        navigator.FastSetDataProperty("platform", "Linux x86_64");
        navigator.FastSetDataProperty("onLine", true);
        navigator.FastSetDataProperty("cookieEnabled", true);
        return navigator;
    }

    private static ObjectInstance Crypto(ContextRealm realm, Flavor flavor)
    {
        var crypto = new JsObject(realm.Engine);
        crypto.Method("randomUUID", (_, _) => Guid.NewGuid().ToString("D"));
        crypto.Method("getRandomValues", (_, args) => GetRandomValues(realm, flavor, args.Length > 0 ? args[0] : JsValue.Undefined));
        return crypto;
    }

    private static readonly HashSet<string> IntegerArrays = new(StringComparer.Ordinal)
    {
        "Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array", "Int32Array", "Uint32Array", "BigInt64Array", "BigUint64Array",
    };

    /// <summary>Fills an integer typed array with random bytes (through a byte view of its buffer) and returns it.</summary>
    private static JsValue GetRandomValues(ContextRealm realm, Flavor flavor, JsValue array)
    {
        var engine = realm.Engine;
        var kind = array is ObjectInstance o && o.Get("constructor") is ObjectInstance constructor ? TypeConverter.ToString(constructor.Get("name")) : "";
        var buffer = array is ObjectInstance typed ? typed.Get("buffer") : JsValue.Undefined;
        if (!IntegerArrays.Contains(kind) || buffer is not ObjectInstance)
            throw DomError(realm, "TypeMismatchError", flavor == Flavor.Chrome
                ? "Failed to execute 'getRandomValues' on 'Crypto': The provided ArrayBufferView is of type '" + (kind.Length > 0 ? kind : "object") + "', which is not an integer array type."
                : "The type of an object is incompatible with the expected type of the parameter associated to the object");
        var view = (ObjectInstance)array;
        var length = (int)TypeConverter.ToNumber(view.Get("byteLength"));
        if (length > MaxRandomBytes)
            throw DomError(realm, "QuotaExceededError", flavor == Flavor.Chrome
                ? $"Failed to execute 'getRandomValues' on 'Crypto': The ArrayBufferView's byte length ({length}) exceeds the number of bytes of entropy available via this API ({MaxRandomBytes})."
                : "Crypto.getRandomValues: getRandomValues can only generate maximum 65536 bytes");
        var bytes = engine.Construct(engine.Global.Get("Uint8Array"), [buffer, view.Get("byteOffset"), length]);
        var random = RandomNumberGenerator.GetBytes(length);
        for (var i = 0; i < length; i++) bytes.Set(i, (int)random[i]);
        return array;
    }

    /// <param name="origin">When the page was created: what <c>now()</c> counts from.</param>
    private static ObjectInstance Performance(ContextRealm realm, TimeProvider clock, DateTimeOffset origin)
    {
        var performance = new JsObject(realm.Engine);
        performance.FastSetDataProperty("timeOrigin", origin.ToUnixTimeMilliseconds());
        // Milliseconds since the page was created, on the runtime's clock (virtual in run and tests).
        performance.Method("now", (_, _) => (clock.GetUtcNow() - origin).TotalMilliseconds);
        return performance;
    }
}
