using System.Text;
using ActorRuntime.Kernel;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Native.Symbol;
using Jint.Runtime;

namespace ActorRuntime.Dom;

/// <summary>XMLHttpRequest over the same offline network as fetch: opening, sending, aborting, its response and events.</summary>
internal sealed partial class DomBinding
{
    /// <summary><c>open(method, url, async)</c>: forgets any request under way, then OPENED (readystatechange when the state changes).</summary>
    public void XhrOpen(XhrState xhr, JsValue[] args)
    {
        if (args.Length < 2)
            throw CallError("open", "XMLHttpRequest", $"2 arguments required, but only {args.Length} present.", $"At least 2 arguments required, but only {args.Length} passed");
        var method = DomString(args[0]);
        if (!HeadersState.IsToken(method))
            throw DomError("SyntaxError", Flavor == Flavor.Chrome ? $"Failed to execute 'open' on 'XMLHttpRequest': '{method}' is not a valid HTTP method." : "An invalid or illegal string was specified");
        if (ForbiddenMethods.Contains(method.ToUpperInvariant()))
            throw DomError("SecurityError", Flavor == Flavor.Chrome ? $"Failed to execute 'open' on 'XMLHttpRequest': '{method}' HTTP method is unsupported." : "The operation is insecure.");
        var text = DomString(args[1]);
        var url = RequestUrl(text)
            ?? throw DomError("SyntaxError", Flavor == Flavor.Chrome ? "Failed to execute 'open' on 'XMLHttpRequest': Invalid URL" : $"XMLHttpRequest.open: '{text}' is not a valid URL.");
        xhr.Generation++;
        xhr.Method = NormalizedMethods.Contains(method.ToUpperInvariant()) ? method.ToUpperInvariant() : method;
        xhr.Url = url;
        xhr.Async = args.Length < 3 || TypeConverter.ToBoolean(args[2]);
        xhr.RequestHeaders = new HeadersState();
        xhr.Sent = false;
        xhr.Response = null;
        xhr.ResponseValue = null;
        if (xhr.ReadyState == XhrState.Opened) return;
        xhr.ReadyState = XhrState.Opened;
        FireXhr(xhr, "readystatechange");
    }

    public void XhrSetRequestHeader(XhrState xhr, JsValue[] args)
    {
        if (xhr.ReadyState != XhrState.Opened || xhr.Sent) throw XhrNotOpened("setRequestHeader");
        var name = Required(args, 0, "setRequestHeader", "XMLHttpRequest");
        var value = Required(args, 1, "setRequestHeader", "XMLHttpRequest");
        if (!HeadersState.IsToken(name) || !HeadersState.IsValue(HeadersState.Normalize(value)))
            throw DomError("SyntaxError", Flavor == Flavor.Chrome
                ? $"Failed to execute 'setRequestHeader' on 'XMLHttpRequest': '{name}' is not a valid HTTP header field name."
                : "An invalid or illegal string was specified");
        var existing = xhr.RequestHeaders.Get(name);
        xhr.RequestHeaders.Set(name, existing is null ? value : existing + ", " + HeadersState.Normalize(value));
    }

    private JavaScriptException XhrNotOpened(string member) =>
        DomError("InvalidStateError", Flavor == Flavor.Chrome
            ? $"Failed to execute '{member}' on 'XMLHttpRequest': The object's state must be OPENED."
            : "XMLHttpRequest state must be OPENED.");

    /// <summary>
    /// <c>send(body)</c>: asynchronously, <c>loadstart</c> now and the answer on a later turn; synchronously (browsers still
    /// allow it on pages), the answer before it returns, or the NetworkError DOMException an offline send throws.
    /// </summary>
    public void XhrSend(XhrState xhr, JsValue[] args)
    {
        if (xhr.ReadyState != XhrState.Opened || xhr.Sent) throw XhrNotOpened("send");
        var request = NetworkRequestFor(xhr.Method, xhr.Url, xhr.WithCredentials ? "include" : "same-origin", xhr.RequestHeaders);
        if (!xhr.Async)
        {
            NetworkResponse? answer;
            try
            {
                // The browser's declarativeNetRequest rules apply (evaluated at once); webRequest listeners are not waited for.
                answer = Realm.Host is { } host ? host.FetchNow(request) : Realm.Extension.Network.Answer(request, Realm.Extension.Package);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                answer = null;
            }
            if (answer is null)
            {
                xhr.ReadyState = XhrState.Done;
                FireXhr(xhr, "readystatechange");
                throw DomError("NetworkError", Flavor == Flavor.Chrome
                    ? $"Failed to execute 'send' on 'XMLHttpRequest': Failed to load '{xhr.Url}'."
                    : "A network error occurred.");
            }
            xhr.Response = answer;
            xhr.ReadyState = XhrState.Done;
            FireXhr(xhr, "readystatechange");
            FireProgress(xhr, "load", answer.Body.Length);
            FireProgress(xhr, "loadend", answer.Body.Length);
            return;
        }
        xhr.Sent = true;
        FireProgress(xhr, "loadstart", 0);
        var generation = xhr.Generation;
        Realm.Host!.Fetch(request, response =>
        {
            // Opened again or aborted meanwhile: this answer is for a request that is no more.
            if (xhr.Generation != generation || xhr.ReadyState == XhrState.Unsent) return;
            if (response is null)
            {
                xhr.Sent = false;
                xhr.ReadyState = XhrState.Done;
                FireXhr(xhr, "readystatechange");
                FireProgress(xhr, "error", 0);
                FireProgress(xhr, "loadend", 0);
                return;
            }
            xhr.Response = response;
            var length = response.Body.Length;
            foreach (var state in new[] { XhrState.HeadersReceived, XhrState.Loading })
            {
                xhr.ReadyState = state;
                FireXhr(xhr, "readystatechange");
                if (xhr.Generation != generation) return;
            }
            FireProgress(xhr, "progress", length);
            if (xhr.Generation != generation) return;
            xhr.Sent = false;
            xhr.ReadyState = XhrState.Done;
            FireXhr(xhr, "readystatechange");
            FireProgress(xhr, "load", length);
            FireProgress(xhr, "loadend", length);
        });
    }

    /// <summary><c>abort()</c>: a request under way ends (readystatechange, abort, loadend) and the object is UNSENT again.</summary>
    public void XhrAbort(XhrState xhr)
    {
        xhr.Generation++;
        if (xhr.ReadyState is XhrState.Opened && xhr.Sent || xhr.ReadyState is XhrState.HeadersReceived or XhrState.Loading)
        {
            xhr.Sent = false;
            xhr.Response = null;
            xhr.ReadyState = XhrState.Done;
            FireXhr(xhr, "readystatechange");
            FireProgress(xhr, "abort", 0);
            FireProgress(xhr, "loadend", 0);
        }
        if (xhr.ReadyState == XhrState.Done)
        {
            xhr.ReadyState = XhrState.Unsent;
            xhr.Response = null;
        }
    }

    /// <summary><c>response</c> by <c>responseType</c>: text, parsed JSON (null when it does not parse), an ArrayBuffer, or null.</summary>
    public JsValue XhrResponse(XhrState xhr)
    {
        if (xhr.ResponseType is "" or "text") return XhrResponseText(xhr);
        if (xhr.ReadyState != XhrState.Done || xhr.Response is not { } response) return JsValue.Null;
        if (xhr.ResponseValue is { } built) return built;
        JsValue value;
        try
        {
            value = xhr.ResponseType switch
            {
                "json" => BodyValue(response.Body, BodyAs.Json),
                "arraybuffer" => BodyValue(response.Body, BodyAs.ArrayBuffer),
                _ => JsValue.Null,
            };
        }
        catch (Exception ex) when (IsScriptError(ex))
        {
            value = JsValue.Null;
        }
        xhr.ResponseValue = value;
        return value;
    }

    public JsValue XhrResponseText(XhrState xhr)
    {
        if (xhr.ResponseType is not ("" or "text"))
            throw DomError("InvalidStateError", Flavor == Flavor.Chrome
                ? $"Failed to read the 'responseText' property from 'XMLHttpRequest': The value is only accessible if the object's 'responseType' is '' or 'text' (was '{xhr.ResponseType}')."
                : "XMLHttpRequest.responseText getter: responseText is only available if responseType is '' or 'text'.");
        return xhr.ReadyState >= XhrState.Loading && xhr.Response is { } response ? Decode(response.Body) : "";
    }

    private static readonly string[] ResponseTypes = ["", "arraybuffer", "blob", "document", "json", "text"];

    public void XhrSetResponseType(XhrState xhr, string type)
    {
        if (!ResponseTypes.Contains(type)) return;
        if (xhr.ReadyState is XhrState.Loading or XhrState.Done)
            throw DomError("InvalidStateError", Flavor == Flavor.Chrome
                ? "Failed to set the 'responseType' property on 'XMLHttpRequest': The response type cannot be set if the object's state is LOADING or DONE."
                : "XMLHttpRequest.responseType setter: Cannot set 'responseType' property on XMLHttpRequest after 'send()' (when its state is LOADING or DONE).");
        xhr.ResponseType = type;
    }

    /// <summary>The response's headers as <c>getAllResponseHeaders()</c> writes them: lower-case names, sorted, CRLF after each.</summary>
    public static string AllResponseHeaders(XhrState xhr) =>
        xhr.ReadyState < XhrState.HeadersReceived || xhr.Response is not { } response
            ? ""
            : string.Concat(HeadersState.From(response.Headers, immutable: true).Sorted().Select(h => $"{h.Name}: {h.Value}\r\n"));

    private void FireXhr(XhrState xhr, string type) =>
        Dispatch(new DomEvent(Interfaces.EventInterfaces.Event, type, false, false, Now()) { IsTrusted = true }, xhr);

    private void FireProgress(XhrState xhr, string type, long loaded)
    {
        var ev = Interfaces.EventInterfaces.Create(this, Interfaces.NetworkInterfaces.ProgressEvent, type, bubbles: false, cancelable: false, fields =>
        {
            fields["lengthComputable"] = Boolean(loaded > 0);
            fields["loaded"] = loaded;
            fields["total"] = loaded;
        });
        Dispatch(ev, xhr);
    }
}
