using ActorRuntime.Dom.Interfaces;
using ActorRuntime.Kernel;
using ActorRuntime.Scripting;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;

namespace ActorRuntime.Dom;

/// <summary>
/// HTML's "report an exception" for what an event listener throws: an <c>ErrorEvent</c> named <c>error</c> at the
/// window (<c>window.onerror</c> gets message, source, line, column and error; returning true, or
/// <c>preventDefault()</c>, keeps it off the console), then the console's <c>Uncaught ...</c> line.
/// </summary>
internal sealed partial class DomBinding
{
    // HTML's "errors reported while reporting" rule: an error thrown by an error listener goes to the console only.
    private bool _reportingError;

    /// <summary>Calls a listener's callback; what it throws is reported as the page's error, and the dispatch goes on.</summary>
    private JsValue? CallListenerReporting(JsValue function, JsValue self, JsValue[] arguments)
    {
        try
        {
            return Engine.Call(function, self, arguments);
        }
        catch (JavaScriptException ex)
        {
            ReportException(ex.Error, ex);
            return null;
        }
        catch (Exception ex) when (ErrorReport.IsScriptFailure(ex))
        {
            // Limits and host stack exhaustion: the engine is unwound as after any script failure, never reported to the page.
            Realm.Extension.RecoverAll(ex);
            Realm.RecoverFrom(ex);
            Realm.Log("error", ErrorReport.Describe(ex));
            return null;
        }
    }

    /// <summary>Reports <paramref name="error"/> (thrown by a listener of this world) to the window, then to the console unless canceled.</summary>
    private void ReportException(JsValue error, JavaScriptException? thrown)
    {
        var text = thrown is null ? "Uncaught " + ErrorReport.DescribeValue(error) : ErrorReport.Describe(thrown);
        // A content script's errors stay in its world, as browsers keep them from the page's window.
        if (!_reportingError && Realm.Info.Kind != ContextKind.ContentScript)
        {
            var location = thrown?.Location;
            var source = location?.SourceFile;
            var filename = string.IsNullOrEmpty(source) || source == "eval" ? "" : ResolveUrl(source);
            var ev = EventInterfaces.Create(this, EventInterfaces.ErrorEvent, "error", bubbles: false, cancelable: true, fields =>
            {
                fields["message"] = new JsString("Uncaught " + ErrorReport.DescribeValue(error));
                fields["filename"] = new JsString(filename);
                fields["lineno"] = JsNumber.Create(location?.Start.Line ?? 0);
                fields["colno"] = JsNumber.Create((location?.Start.Column ?? -1) + 1);
                fields["error"] = error;
            });
            bool notCanceled;
            _reportingError = true;
            try
            {
                notCanceled = Dispatch(ev, Window);
            }
            finally
            {
                _reportingError = false;
            }
            if (!notCanceled) return;
        }
        Realm.Log("error", text);
    }

    /// <summary>Whether <paramref name="ev"/> is what <see cref="ReportException"/> fires, which <c>window.onerror</c> gets as five arguments.</summary>
    private static bool IsReportedError(DomEvent ev, object target) =>
        target is WindowTarget && ev.Type == "error" && ev.Interface == EventInterfaces.ErrorEvent;

    /// <summary>Calls <c>window.onerror</c> with message, source, line, column and error; true returned cancels the event.</summary>
    private void CallErrorHandler(ObjectInstance handler, DomEvent ev, JsValue self)
    {
        JsValue Field(string name, JsValue fallback) => ev.Fields.TryGetValue(name, out var value) ? value : fallback;
        var returned = CallListenerReporting(handler, self,
        [
            Field("message", JsString.Empty), Field("filename", JsString.Empty), Field("lineno", JsNumber.Create(0)),
            Field("colno", JsNumber.Create(0)), Field("error", JsValue.Undefined),
        ]);
        if (returned is JsBoolean b && TypeConverter.ToBoolean(b) && ev.Cancelable) ev.Canceled = true;
    }
}
