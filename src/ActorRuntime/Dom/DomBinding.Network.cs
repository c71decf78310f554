using System.Text;
using ActorRuntime.Kernel;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Native.Symbol;
using Jint.Runtime;

namespace ActorRuntime.Dom;

/// <summary>
/// <c>fetch</c> and <c>XMLHttpRequest</c> over the extension's offline network (<see cref="OfflineNetwork"/>): a request
/// is answered on a later turn of this context (it counts as the extension's work until then), from the responses the
/// host registered or the extension's files, else it fails as a browser's offline request does. An AbortSignal rejects
/// a fetch with its reason.
/// </summary>
internal sealed partial class DomBinding
{
    private static readonly string[] ForbiddenMethods = ["CONNECT", "TRACE", "TRACK"];
    private static readonly string[] NormalizedMethods = ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH"];

    /// <summary>A TypeError worded as the flavour's browser words a failed call of <paramref name="member"/> on <paramref name="interfaceName"/>.</summary>
    public JavaScriptException CallError(string member, string interfaceName, string chrome, string firefox) =>
        TypeError(Flavor == Flavor.Chrome
            ? (member == "constructor" ? $"Failed to construct '{interfaceName}': " : $"Failed to execute '{member}' on '{interfaceName}': ") + chrome
            : (member == "constructor" ? $"{interfaceName} constructor: " : $"{interfaceName}.{member}: ") + firefox);

    /// <summary><c>fetch(input, init)</c>: a promise, never a synchronous throw (bad input rejects it too).</summary>
    public JsValue Fetch(JsValue[] args)
    {
        var promise = Engine.Advanced.RegisterPromise();
        RequestState request;
        AbortSignalState? signal;
        try
        {
            (request, signal) = NewRequest(Argument(args, 0), Argument(args, 1), "fetch", "Window");
        }
        catch (Exception ex) when (IsScriptError(ex))
        {
            promise.Reject(ErrorValue(ex));
            return promise.Promise;
        }
        if (signal is { Aborted: true })
        {
            promise.Reject(signal.Reason);
            return promise.Promise;
        }
        var settled = false;
        signal?.OnAbort(() =>
        {
            if (settled) return;
            settled = true;
            promise.Reject(signal.Reason);
        });
        Realm.Host!.Fetch(NetworkRequestFor(request.Method, request.Url, request.Credentials, request.Headers), response =>
        {
            if (settled) return;
            settled = true;
            if (response is null)
            {
                promise.Reject(NetworkError().Error);
                return;
            }
            promise.Resolve(Wrap(ResponseState.From(response, TypeOf(response.Url), signal)));
        });
        return promise.Promise;
    }

    /// <summary>
    /// A request of this context's, for the offline network: its privacy, credentials mode and origin decide its cookies;
    /// who made it (document, tab, the headers the script set) is what the extensions' webRequest listeners and rules see.
    /// </summary>
    private NetworkRequest NetworkRequestFor(string method, string url, string credentials, HeadersState headers) => new(method, url, ExtensionOrigin)
    {
        IsPrivate = Realm.Info.IsPrivate,
        Credentials = credentials,
        ClientOrigin = Realm.Info.IsExtensionPage ? Realm.Identity.BaseUrl.TrimEnd('/') : WebStorage.OriginOf(DocumentUrl),
        Label = Realm.Info.Label,
        // A background or service worker is in no tab; Chromium gives a worker's requests frame -1.
        Maker = new PageRequestOrigin(DocumentUrl, Realm.Info.TabId ?? -1, Realm.Info.IsServiceWorker ? -1 : Realm.Info.FrameId, Realm.Info.IsExtensionPage,
            Realm.Info.Kind == ContextKind.ContentScript, headers.Entries.Select(h => new KeyValuePair<string, string>(h.Name, h.Value)).ToList()),
    };

    private static readonly string[] CredentialsModes = ["omit", "same-origin", "include"];

    /// <summary>The extension's origin, whose URLs its pages and content scripts may read its files at; none for a web page's own scripts.</summary>
    private string? ExtensionOrigin => Realm.Info.Kind == ContextKind.WebPage ? null : Realm.Identity.BaseUrl;

    /// <summary>
    /// What converting a script's values can throw: a JavaScript value, or the TypeError and RangeError Jint throws where it
    /// has no engine at hand (internal types, known by name; the engine turns them into errors at its next boundary). Never
    /// the exceptions that stop a runaway script.
    /// </summary>
    private static bool IsScriptError(Exception ex) => ex is JavaScriptException || ex.GetType().Name is "TypeErrorException" or "RangeErrorException";

    /// <summary>The script value of an error <see cref="IsScriptError"/> accepts, made in this realm.</summary>
    private JsValue ErrorValue(Exception ex) => ex switch
    {
        JavaScriptException script => script.Error,
        _ when ex.GetType().Name == "RangeErrorException" => new JavaScriptException((Jint.Native.Error.ErrorConstructor)Realm.ErrorConstructor("RangeError")!, ex.Message).Error,
        _ => TypeError(ex.Message).Error,
    };

    /// <summary>The TypeError an offline request rejects with.</summary>
    private JavaScriptException NetworkError() =>
        TypeError(Flavor == Flavor.Chrome ? "Failed to fetch" : "NetworkError when attempting to fetch resource.");

    /// <summary>A response's type: basic from the page's own origin, cors from another.</summary>
    private string TypeOf(string url) =>
        url.StartsWith(Realm.Info.IsExtensionPage ? Realm.Identity.BaseUrl : WebStorage.OriginOf(DocumentUrl) + "/", StringComparison.OrdinalIgnoreCase) ? "basic" : "cors";

    /// <summary>A Request from <c>fetch</c>'s or the constructor's arguments, and the signal it carries.</summary>
    public (RequestState Request, AbortSignalState? Signal) NewRequest(JsValue input, JsValue init, string member, string interfaceName)
    {
        var from = input is DomObject { Target: RequestState original } ? original : null;
        var url = from?.Url ?? AbsoluteUrl(DomString(input), member, interfaceName);
        var options = init as ObjectInstance;
        if (!init.IsUndefined() && !init.IsNull() && options is null)
            throw CallError(member, interfaceName, "The provided value is not of type 'RequestInit'.", "Value can't be converted to a dictionary.");
        var method = from?.Method ?? "GET";
        if (options?.Get("method") is { } methodValue && !methodValue.IsUndefined()) method = Method(DomString(methodValue), member, interfaceName);
        var headers = from?.Headers.Copy(immutable: false) ?? new HeadersState();
        if (options?.Get("headers") is { } headersValue && !headersValue.IsUndefined())
        {
            headers = new HeadersState();
            FillHeaders(headers, headersValue, member, interfaceName);
        }
        var body = from?.Body;
        if (from is { BodyUsed: true })
            throw CallError(member, interfaceName, "Cannot construct a Request with a Request object that has already been used.", "Body has already been consumed.");
        if (options?.Get("body") is { } bodyValue && !bodyValue.IsUndefined() && !bodyValue.IsNull())
        {
            string? contentType;
            (body, contentType) = ExtractBody(bodyValue);
            if (contentType is not null && !headers.Has("content-type")) headers.Append("Content-Type", contentType);
        }
        if (body is not null && method is "GET" or "HEAD")
            throw CallError(member, interfaceName, "Request with GET/HEAD method cannot have body.", "HEAD or GET Request cannot have a body.");
        var credentials = from?.Credentials ?? "same-origin";
        if (options?.Get("credentials") is { } credentialsValue && !credentialsValue.IsUndefined())
        {
            credentials = DomString(credentialsValue);
            if (!CredentialsModes.Contains(credentials))
                throw CallError(member, interfaceName,
                    $"Failed to read the 'credentials' property from 'RequestInit': The provided value '{credentials}' is not a valid enum value of type RequestCredentials.",
                    $"'{credentials}' (value of 'credentials' member of RequestInit) is not a valid value for enumeration RequestCredentials.");
        }
        var signal = from?.Signal;
        if (options?.Get("signal") is { } signalValue && !signalValue.IsUndefined())
        {
            if (signalValue.IsNull()) signal = null;
            else if (signalValue is DomObject { Target: AbortSignalState given }) signal = given;
            else
                throw CallError(member, interfaceName, "Failed to read the 'signal' property from 'RequestInit': Failed to convert value to 'AbortSignal'.",
                    "'signal' member of RequestInit does not implement interface AbortSignal.");
        }
        return (new RequestState { Method = method, Url = url, Credentials = credentials, Body = body, Headers = headers, Signal = signal }, signal);
    }

    /// <summary>A URL resolved against the page's, without its fragment; a TypeError when it does not parse.</summary>
    private string AbsoluteUrl(string url, string member, string interfaceName) =>
        RequestUrl(url) ?? throw CallError(member, interfaceName, $"Failed to parse URL from {url}", $"{url} is not a valid URL.");

    /// <summary>A request's URL: <paramref name="url"/> parsed against the page's as the URL Standard parses it, without its fragment; null when it does not parse.</summary>
    private string? RequestUrl(string url) => UrlRecord.Parse(url, UrlRecord.Parse(DocumentUrl))?.Serialize(excludeFragment: true);

    /// <summary>An HTTP method, normalised as Fetch normalises it; forbidden and malformed ones are TypeErrors.</summary>
    private string Method(string method, string member, string interfaceName)
    {
        if (!HeadersState.IsToken(method))
            throw CallError(member, interfaceName, $"'{method}' is not a valid HTTP method.", $"Invalid request method {method}.");
        var upper = method.ToUpperInvariant();
        if (ForbiddenMethods.Contains(upper))
            throw CallError(member, interfaceName, $"'{method}' HTTP method is unsupported.", $"Invalid request method {method}.");
        return NormalizedMethods.Contains(upper) ? upper : method;
    }

    /// <summary>Fills <paramref name="target"/> from a HeadersInit: another Headers, a sequence of name/value pairs, or a record.</summary>
    public void FillHeaders(HeadersState target, JsValue init, string member, string interfaceName)
    {
        if (init is DomObject { Target: HeadersState other })
        {
            target.Entries.AddRange(other.Entries);
            return;
        }
        if (init is not ObjectInstance source)
            throw CallError(member, interfaceName, "The provided value is not of type '(record<ByteString, ByteString> or sequence<sequence<ByteString>>)'.",
                "Value can't be converted to a dictionary.");
        var iterator = source.Get(GlobalSymbolRegistry.Iterator);
        if (!iterator.IsUndefined() && !iterator.IsNull())
        {
            var pairs = (ObjectInstance)Engine.Call(Engine.Intrinsics.Array.Get("from"), Engine.Intrinsics.Array, [source]);
            var count = (long)TypeConverter.ToNumber(pairs.Get("length"));
            for (var i = 0; i < count; i++)
            {
                if (pairs.Get(i) is not ObjectInstance pair || TypeConverter.ToNumber(pair.Get("length")) != 2)
                    throw CallError(member, interfaceName, "Invalid value", "Headers require name/value tuples when being initialized by a sequence.");
                AppendHeader(target, DomString(pair.Get(0)), DomString(pair.Get(1)), "append");
            }
            return;
        }
        foreach (var key in source.GetOwnPropertyKeys(Types.String))
        {
            var own = source.GetOwnProperty(key);
            if (own == Jint.Runtime.Descriptors.PropertyDescriptor.Undefined || !own.Enumerable) continue;
            AppendHeader(target, key.ToString(), DomString(source.Get(key)), "append");
        }
    }

    /// <summary>Checks a header name and value as Headers does, then appends it.</summary>
    public void AppendHeader(HeadersState headers, string name, string value, string member)
    {
        CheckHeader(headers, name, value, member);
        headers.Append(name, value);
    }

    public void CheckHeader(HeadersState headers, string name, string? value, string member)
    {
        if (!HeadersState.IsToken(name))
            throw CallError(member, "Headers", "Invalid name", $"\"{name}\" is an invalid header name.");
        if (value is not null && !HeadersState.IsValue(HeadersState.Normalize(value)))
            throw CallError(member, "Headers", "Invalid value", $"\"{value}\" is an invalid header value.");
        if (headers.Immutable)
            throw CallError(member, "Headers", "Headers are immutable", "Headers are immutable and cannot be modified.");
    }

    /// <summary>A BodyInit's bytes and the content type it implies: text is UTF-8, buffers and views are their bytes.</summary>
    public (byte[] Bytes, string? ContentType) ExtractBody(JsValue body)
    {
        switch (body)
        {
            case JsString text:
                return (Encoding.UTF8.GetBytes(text.ToString()), "text/plain;charset=UTF-8");
            case JsArrayBuffer buffer:
                return ((buffer.AsArrayBuffer() ?? []).ToArray(), null);
            case ObjectInstance view when view is JsTypedArray || Tag(view) == "[object DataView]":
                var bytes = (view.Get("buffer") as ObjectInstance)?.AsArrayBuffer() ?? [];
                // A detached or resized buffer reads as what is left of it.
                var offset = (int)Math.Clamp(TypeConverter.ToNumber(view.Get("byteOffset")), 0, bytes.Length);
                var length = (int)Math.Clamp(TypeConverter.ToNumber(view.Get("byteLength")), 0, bytes.Length - offset);
                return (bytes.AsSpan(offset, length).ToArray(), null);
            case ObjectInstance o when Tag(o) == "[object URLSearchParams]":
                return (Encoding.UTF8.GetBytes(DomString(o)), "application/x-www-form-urlencoded;charset=UTF-8");
            default:
                return (Encoding.UTF8.GetBytes(DomString(body)), "text/plain;charset=UTF-8");
        }
    }

    /// <summary>What the realm's own Object.prototype.toString says an object is.</summary>
    private string Tag(ObjectInstance o) => TypeConverter.ToString(Engine.Call(Realm.ObjectToString, o, []));

    /// <summary>How a body is read: as text, JSON, an ArrayBuffer or a Uint8Array.</summary>
    public enum BodyAs { Text, Json, ArrayBuffer, Bytes, FormData }

    /// <summary>Reads a body once, as a promise: a second read, or a read after the fetch was aborted, rejects.</summary>
    public JsValue ReadBody(BodyState state, BodyAs kind, string member, string interfaceName)
    {
        var promise = Engine.Advanced.RegisterPromise();
        if (state.Signal is { Aborted: true } signal)
        {
            promise.Reject(signal.Reason);
            return promise.Promise;
        }
        if (state.BodyUsed)
        {
            promise.Reject(CallError(member, interfaceName, "body stream already read", "Body has already been consumed.").Error);
            return promise.Promise;
        }
        var bytes = state.Body ?? [];
        if (state.Body is not null) state.BodyUsed = true;
        try
        {
            if (kind == BodyAs.FormData)
            {
                // Only the urlencoded form is read (multipart bodies are not supported): anything else rejects with TypeError.
                if (Interfaces.FormDataInterfaces.FromBody(bytes, state.Headers.Get("content-type")) is { } list) promise.Resolve(Wrap(list));
                else promise.Reject(CallError(member, interfaceName, "Invalid MIME type", "Could not parse content as FormData.").Error);
            }
            else promise.Resolve(BodyValue(bytes, kind));
        }
        catch (Exception ex) when (IsScriptError(ex))
        {
            promise.Reject(ErrorValue(ex));
        }
        return promise.Promise;
    }

    /// <summary>A body's bytes as a script value of the given kind; JSON that does not parse throws the realm's SyntaxError.</summary>
    public JsValue BodyValue(byte[] bytes, BodyAs kind) => kind switch
    {
        BodyAs.Text => Decode(bytes),
        BodyAs.Json => Realm.ParseJson(Decode(bytes)),
        // A copy: the bytes may be a registered response's, which every request of it shares.
        BodyAs.ArrayBuffer => Engine.Intrinsics.Uint8Array.Construct(bytes.ToArray()).Get("buffer"),
        _ => Engine.Intrinsics.Uint8Array.Construct(bytes.ToArray()),
    };

    /// <summary>UTF-8 decoding as Fetch's text() does it: a leading byte order mark dropped, bad bytes replaced.</summary>
    public static string Decode(byte[] bytes)
    {
        var span = bytes.AsSpan();
        if (span.StartsWith("\uFEFF"u8)) span = span[3..];
        return Encoding.UTF8.GetString(span);
    }
}
