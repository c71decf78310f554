using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Native.Symbol;
using Jint.Runtime;
using Jint.Runtime.Descriptors;
using static ActorRuntime.Dom.DomBinding;
using FieldKind = ActorRuntime.Dom.Interfaces.EventInterfaces.FieldKind;

namespace ActorRuntime.Dom.Interfaces;

/// <summary>The Fetch Standard's Headers, Request and Response, XMLHttpRequest (with its upload target) and ProgressEvent.</summary>
internal static class NetworkInterfaces
{
    public static readonly DomInterface Headers = DomInterface.Define<HeadersState>("Headers", null, m => m
        .Constructible(0, (dom, args) =>
        {
            var headers = new HeadersState();
            if (!Argument(args, 0).IsUndefined()) dom.FillHeaders(headers, args[0], "constructor", "Headers");
            return headers;
        })
        .Method("append", 2, (dom, h, args) =>
        {
            dom.AppendHeader(h, dom.Required(args, 0, "append", "Headers"), dom.Required(args, 1, "append", "Headers"), "append");
            return JsValue.Undefined;
        })
        .Method("set", 2, (dom, h, args) =>
        {
            var name = dom.Required(args, 0, "set", "Headers");
            var value = dom.Required(args, 1, "set", "Headers");
            dom.CheckHeader(h, name, value, "set");
            h.Set(name, value);
            return JsValue.Undefined;
        })
        .Method("delete", 1, (dom, h, args) =>
        {
            var name = dom.Required(args, 0, "delete", "Headers");
            dom.CheckHeader(h, name, null, "delete");
            h.Delete(name);
            return JsValue.Undefined;
        })
        .Method("get", 1, (dom, h, args) => dom.Required(args, 0, "get", "Headers") is var name && ValidName(dom, name, "get") ? String(h.Get(name)) : JsValue.Null)
        .Method("has", 1, (dom, h, args) => Boolean(dom.Required(args, 0, "has", "Headers") is var name && ValidName(dom, name, "has") && h.Has(name)))
        .Method("getSetCookie", 0, (dom, h, _) => ElementInterfaces.JsArray(dom, h.Entries.Where(e => e.Name == "set-cookie").Select(e => (JsValue)e.Value)))
        .Method("forEach", 1, (dom, h, args) =>
        {
            if (Argument(args, 0) is not ObjectInstance callback || !callback.IsCallable())
                throw dom.CallError("forEach", "Headers", "The callback provided as parameter 1 is not a function.", "Argument 1 is not callable.");
            var self = dom.Wrap(h);
            foreach (var (name, value) in h.Sorted()) dom.Engine.Call(callback, Argument(args, 1), [value, name, self]);
            return JsValue.Undefined;
        })
        .Method("entries", 0, (dom, h, _) => Iterate(dom, h.Sorted().Select(e => (JsValue)ElementInterfaces.JsArray(dom, [e.Name, e.Value]))))
        .Method("keys", 0, (dom, h, _) => Iterate(dom, h.Sorted().Select(e => (JsValue)e.Name)))
        .Method("values", 0, (dom, h, _) => Iterate(dom, h.Sorted().Select(e => (JsValue)e.Value)))
        .WithSymbols((_, prototype, _) =>
            prototype.DefineOwnProperty(GlobalSymbolRegistry.Iterator, new PropertyDescriptor(prototype.Get("entries"), PropertyFlag.Configurable | PropertyFlag.Writable))));

    public static readonly DomInterface Request = DomInterface.Define<RequestState>("Request", null, m =>
    {
        m.Constructible(1, (dom, args) =>
        {
            if (args.Length == 0) dom.Required(args, 0, "constructor", "Request");
            var (request, _) = dom.NewRequest(args[0], Argument(args, 1), "constructor", "Request");
            // Every Request has a signal: its own when none was given.
            request.Signal ??= new AbortSignalState();
            return request;
        })
            .Get("method", (_, r) => r.Method)
            .Get("url", (_, r) => r.Url)
            .Get("headers", (dom, r) => dom.Wrap(r.Headers))
            .Get("signal", (dom, r) => dom.Wrap(r.Signal ??= new AbortSignalState()))
            .Get("mode", (_, _) => "cors")
            .Get("credentials", (_, r) => r.Credentials)
            .Get("cache", (_, _) => "default")
            .Get("redirect", (_, _) => "follow")
            .Get("referrer", (_, _) => "about:client")
            .Method("clone", 0, (dom, r, _) =>
            {
                if (r.BodyUsed) throw dom.CallError("clone", "Request", "Request body is already used", "Body has already been consumed.");
                return dom.Wrap(new RequestState { Method = r.Method, Url = r.Url, Credentials = r.Credentials, Body = r.Body, Headers = r.Headers.Copy(immutable: false), Signal = r.Signal });
            });
        BodyMembers(m, "Request");
    });

    public static readonly DomInterface Response = DomInterface.Define<ResponseState>("Response", null, m =>
    {
        m.Constructible(0, (dom, args) => NewResponse(dom, Argument(args, 0), Argument(args, 1), json: false))
            .WithSymbols((dom, _, constructor) =>
            {
                constructor.FastSetProperty("error", new PropertyDescriptor(new Jint.Runtime.Interop.ClrFunction(dom.Engine, "error",
                    (_, _) => dom.Wrap(new ResponseState { Type = "error", Headers = new HeadersState { Immutable = true } }), 0, PropertyFlag.Configurable), PropertyFlag.ConfigurableEnumerableWritable));
                constructor.FastSetProperty("json", new PropertyDescriptor(new Jint.Runtime.Interop.ClrFunction(dom.Engine, "json",
                    (_, args) => dom.Wrap(NewResponse(dom, Argument(args, 0), Argument(args, 1), json: true)), 1, PropertyFlag.Configurable), PropertyFlag.ConfigurableEnumerableWritable));
            })
            .Get("type", (_, r) => r.Type)
            .Get("url", (_, r) => r.Url)
            .Get("redirected", (_, r) => Boolean(r.Redirected))
            .Get("status", (_, r) => r.Status)
            .Get("ok", (_, r) => Boolean(r.Status is >= 200 and <= 299))
            .Get("statusText", (_, r) => r.StatusText)
            .Get("headers", (dom, r) => dom.Wrap(r.Headers))
            .Method("clone", 0, (dom, r, _) =>
            {
                if (r.BodyUsed) throw dom.CallError("clone", "Response", "Response body is already used", "Body has already been consumed.");
                return dom.Wrap(new ResponseState
                {
                    Status = r.Status, StatusText = r.StatusText, Url = r.Url, Redirected = r.Redirected, Type = r.Type,
                    Headers = r.Headers.Copy(r.Headers.Immutable), Body = r.Body, Signal = r.Signal,
                });
            });
        BodyMembers(m, "Response");
    });

    public static readonly DomInterface ProgressEvent = EventInterfaces.Define("ProgressEvent", EventInterfaces.Event,
        [("lengthComputable", FieldKind.Boolean), ("loaded", FieldKind.Number), ("total", FieldKind.Number)]);

    public static readonly DomInterface XMLHttpRequestEventTarget = DomInterface.Define<object>("XMLHttpRequestEventTarget", NodeInterfaces.EventTarget, m =>
    {
        foreach (var type in new[] { "loadstart", "progress", "abort", "error", "load", "timeout", "loadend" })
            m.Property("on" + type, (dom, t) => dom.Handler(t, type), (dom, t, v) => dom.SetHandler(t, type, v));
    }, (target, _) => target is XhrState or XhrUploadState);

    public static readonly DomInterface XMLHttpRequestUpload = DomInterface.Define<XhrUploadState>("XMLHttpRequestUpload", XMLHttpRequestEventTarget, _ => { });

    private static readonly string[] States = ["UNSENT", "OPENED", "HEADERS_RECEIVED", "LOADING", "DONE"];

    public static readonly DomInterface XMLHttpRequest = DomInterface.Define<XhrState>("XMLHttpRequest", XMLHttpRequestEventTarget, m => m
        .Constructible(0, (_, _) => new XhrState())
        .WithSymbols((_, prototype, constructor) =>
        {
            for (var i = 0; i < States.Length; i++)
            {
                var value = new PropertyDescriptor(i, PropertyFlag.Enumerable);
                prototype.FastSetProperty(States[i], value);
                constructor.FastSetProperty(States[i], value);
            }
        })
        .Property("onreadystatechange", (dom, x) => dom.Handler(x, "readystatechange"), (dom, x, v) => dom.SetHandler(x, "readystatechange", v))
        .Get("readyState", (_, x) => x.ReadyState)
        .Method("open", 2, (dom, x, args) =>
        {
            dom.XhrOpen(x, args);
            return JsValue.Undefined;
        })
        .Method("setRequestHeader", 2, (dom, x, args) =>
        {
            dom.XhrSetRequestHeader(x, args);
            return JsValue.Undefined;
        })
        .Property("timeout", (_, x) => x.Timeout, (_, x, v) => x.Timeout = TypeConverter.ToUint32(v))
        .Property("withCredentials", (_, x) => Boolean(x.WithCredentials), (_, x, v) => x.WithCredentials = TypeConverter.ToBoolean(v))
        .Get("upload", (dom, x) => dom.Wrap(x.Upload))
        .Method("send", 0, (dom, x, args) =>
        {
            dom.XhrSend(x, args);
            return JsValue.Undefined;
        })
        .Method("abort", 0, (dom, x, _) =>
        {
            dom.XhrAbort(x);
            return JsValue.Undefined;
        })
        .Get("responseURL", (_, x) => x.Response?.Url ?? "")
        .Get("status", (_, x) => x.ReadyState >= XhrState.HeadersReceived ? x.Response?.Status ?? 0 : 0)
        .Get("statusText", (_, x) => x.ReadyState >= XhrState.HeadersReceived ? x.Response?.StatusText ?? "" : "")
        .Method("getResponseHeader", 1, (dom, x, args) =>
        {
            var name = dom.Required(args, 0, "getResponseHeader", "XMLHttpRequest");
            return String(x.ReadyState >= XhrState.HeadersReceived && x.Response is { } response ? HeadersState.From(response.Headers, immutable: true).Get(name) : null);
        })
        .Method("getAllResponseHeaders", 0, (_, x, _) => AllResponseHeaders(x))
        .Method("overrideMimeType", 1, (_, _, _) => JsValue.Undefined)
        .Property("responseType", (_, x) => x.ResponseType, (dom, x, v) => dom.XhrSetResponseType(x, dom.DomString(v)))
        .Get("response", (dom, x) => dom.XhrResponse(x))
        .Get("responseText", (dom, x) => dom.XhrResponseText(x))
        .Get("responseXML", (_, _) => JsValue.Null));

    public static readonly DomInterface[] All = [Headers, Request, Response, ProgressEvent, XMLHttpRequestEventTarget, XMLHttpRequestUpload, XMLHttpRequest];

    public static DomInterface? For(object target) => target switch
    {
        HeadersState => Headers,
        RequestState => Request,
        ResponseState => Response,
        XhrState => XMLHttpRequest,
        XhrUploadState => XMLHttpRequestUpload,
        _ => null,
    };

    /// <summary>The body mixin: bodyUsed and the readers.</summary>
    private static void BodyMembers<T>(DomInterface.Members<T> m, string interfaceName) where T : BodyState => m
        .Get("bodyUsed", (_, b) => Boolean(b.BodyUsed))
        .Method("text", 0, (dom, b, _) => dom.ReadBody(b, BodyAs.Text, "text", interfaceName))
        .Method("json", 0, (dom, b, _) => dom.ReadBody(b, BodyAs.Json, "json", interfaceName))
        .Method("arrayBuffer", 0, (dom, b, _) => dom.ReadBody(b, BodyAs.ArrayBuffer, "arrayBuffer", interfaceName))
        .Method("bytes", 0, (dom, b, _) => dom.ReadBody(b, BodyAs.Bytes, "bytes", interfaceName))
        .Method("formData", 0, (dom, b, _) => dom.ReadBody(b, BodyAs.FormData, "formData", interfaceName));

    /// <summary><c>new Response(body, init)</c> and <c>Response.json(data, init)</c>.</summary>
    private static ResponseState NewResponse(DomBinding dom, JsValue body, JsValue init, bool json)
    {
        var member = json ? "json" : "constructor";
        var options = init as ObjectInstance;
        if (!init.IsUndefined() && !init.IsNull() && options is null)
            throw dom.CallError(member, "Response", "The provided value is not of type 'ResponseInit'.", "Value can't be converted to a dictionary.");
        var status = options?.Get("status") is { } s && !s.IsUndefined() ? TypeConverter.ToNumber(s) : 200;
        if (status is < 200 or > 599 || double.IsNaN(status))
            throw new JavaScriptException((Jint.Native.Error.ErrorConstructor)dom.Realm.ErrorConstructor("RangeError")!, dom.Flavor == Flavor.Chrome
                ? $"Failed to {(json ? "execute 'json' on" : "construct")} 'Response': The status provided ({status}) is outside the range [200, 599]."
                : $"Response{(json ? ".json" : " constructor")}: Invalid response status code {status}.");
        var headers = new HeadersState();
        if (options?.Get("headers") is { } given && !given.IsUndefined()) dom.FillHeaders(headers, given, member, "Response");
        byte[]? bytes = null;
        if (json)
        {
            var text = dom.Realm.Stringify(body);
            if (text.IsUndefined()) throw dom.CallError(member, "Response", "The data is not JSON serializable", "Value is not JSON serializable");
            bytes = System.Text.Encoding.UTF8.GetBytes(text.ToString());
            if (!headers.Has("content-type")) headers.Append("Content-Type", "application/json");
        }
        else if (!body.IsUndefined() && !body.IsNull())
        {
            string? contentType;
            (bytes, contentType) = dom.ExtractBody(body);
            if (contentType is not null && !headers.Has("content-type")) headers.Append("Content-Type", contentType);
        }
        var statusText = options?.Get("statusText") is { } t && !t.IsUndefined() ? dom.DomString(t) : "";
        return new ResponseState
        {
            Status = (int)status,
            StatusText = statusText,
            Headers = headers.Copy(immutable: false),
            Body = bytes,
        };
    }

    /// <summary>Whether a name given to get/has is a header name; a TypeError when it is not, as Headers says.</summary>
    private static bool ValidName(DomBinding dom, string name, string member) =>
        HeadersState.IsToken(name) ? true : throw dom.CallError(member, "Headers", "Invalid name", $"\"{name}\" is an invalid header name.");

    /// <summary>An iterator over <paramref name="items"/>, the realm's own array iterator.</summary>
    private static JsValue Iterate(DomBinding dom, IEnumerable<JsValue> items) =>
        dom.Engine.Call(dom.Engine.Intrinsics.Array.PrototypeObject.Get("values"), ElementInterfaces.JsArray(dom, items), []);
}
