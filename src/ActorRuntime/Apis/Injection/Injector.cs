using System.Runtime.CompilerServices;
using ActorRuntime.Dom;
using ActorRuntime.Kernel;
using ActorRuntime.Manifest;
using ActorRuntime.Scripting;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Interop;

namespace ActorRuntime.Apis.Injection;

/// <summary>
/// Runs an injection in a tab's document, on the turn of the tab's content context: scripts in the isolated world (the
/// content scripts') or the page's MAIN world, their last completion value (a promise awaited, as browsers do) copied
/// for the caller; style sheets inserted into or removed from the document's cascade.
/// </summary>
internal static class Injector
{
    /// <param name="isolated">The extension's content-script world in the tab.</param>
    /// <param name="page">The page's own world (MAIN), when the document has one.</param>
    /// <param name="document">The tab's document, shared by both worlds.</param>
    public static void Run(TabInjection injection, ContextRealm isolated, ContextRealm? page, DocumentState? document)
    {
        var caller = injection.Caller;
        // The browser model's id of the frame's document (the one webNavigation and getAllFrames name), else one of its own.
        var documentId = isolated.Info.DocumentId ?? (document is null ? null : DocumentId(document));
        if (injection.DocumentIds is { } ids && !ids.Contains(documentId))
        {
            caller.Fail($"No document with id {ids.FirstOrDefault(id => id != documentId)} in tab with id {injection.TabId}");
            return;
        }
        switch (injection.Kind)
        {
            case InjectionKind.Script:
                RunScripts(injection, injection.World == ScriptWorld.Main && page is not null ? page : isolated, documentId);
                break;
            default:
                if (document is null) caller.Fail(caller.DocumentGone(injection.TabId, injection.FrameId));
                else if (ChangeStyles(injection, isolated, document) is { } failure) caller.Fail(failure);
                else caller.Done(injection.FrameId);
                break;
        }
    }

    /// <summary>Inserts (or removes) the style sheets; what stops it, if anything.</summary>
    private static string? ChangeStyles(TabInjection injection, ContextRealm realm, DocumentState document)
    {
        foreach (var style in injection.Styles)
        {
            if (style.Failure is { } failure) return failure;
            if (injection.Kind == InjectionKind.RemoveCss)
            {
                document.InsertedStyles.Remove(style.Key, injection.Origin);
                continue;
            }
            if (InsertStyle(realm, document, style.Key, injection.Origin, style.Css!) is { } refused) return refused;
        }
        return null;
    }

    /// <summary>Adds a style sheet to the document's cascade within the limit; the refusal naming the limit, or null.</summary>
    public static string? InsertStyle(ContextRealm realm, DocumentState document, string key, StyleOrigin origin, string css)
    {
        var limit = realm.Extension.Options.Injection.MaxInsertedStyles;
        if (document.InsertedStyles.Sheets.Count >= limit)
            return $"the document has {limit} style sheets inserted already ({InjectionLimits.MaxInsertedStylesKey})";
        document.InsertedStyles.Add(key, origin, css);
        return null;
    }

    private static void RunScripts(TabInjection injection, ContextRealm realm, string? documentId)
    {
        var caller = injection.Caller;
        JsValue result = JsValue.Undefined;
        foreach (var script in injection.Scripts)
        {
            var (value, thrown) = Evaluate(realm, script);
            if (thrown is not null)
            {
                // Chromium reports it on the page's console and answers null; Firefox hands the caller what was thrown.
                if (caller.Chromium) realm.Log("error", thrown.Report ?? "Uncaught " + ErrorReport.DescribeValue(thrown.Value));
                else
                {
                    caller.Completed(new FrameOutcome(null, Copy(realm, caller, thrown.Value, script.Name, out _), documentId) { FrameId = injection.FrameId });
                    return;
                }
                value = JsValue.Undefined;
            }
            result = value;
        }
        var lastName = injection.Scripts.Count > 0 ? injection.Scripts[^1].Name : "<anonymous code>";
        if (caller.AwaitsPromises && result is ObjectInstance thenable && thenable.Get("then") is var then && then.IsCallable())
        {
            Await(realm, caller, thenable, then, lastName, documentId, injection);
            return;
        }
        Answer(realm, caller, result, lastName, documentId, injection.FrameId);
    }

    /// <summary>Runs one script: its completion value, or what it threw (a limit passed is a thrown error too).</summary>
    private static (JsValue Value, ThrownValue? Thrown) Evaluate(ContextRealm realm, InjectedScript script)
    {
        if (script.Failure is { } failure) return (JsValue.Undefined, new ThrownValue(realm.Engine.Intrinsics.Error.Construct(failure), failure));
        if (script.Script?.Script is not { } prepared)
        {
            // A syntax error: the page's console line as the browser prints it; a SyntaxError for the caller.
            var report = script.Script?.Error ?? "Uncaught SyntaxError";
            var message = report.StartsWith(SyntaxPrefix, StringComparison.Ordinal) ? report[SyntaxPrefix.Length..] : report;
            return (JsValue.Undefined, new ThrownValue(realm.Engine.Construct("SyntaxError", [message]), report));
        }
        try
        {
            var value = realm.Engine.Evaluate(in prepared);
            realm.Extension.DrainJobs(realm);
            return (value, null);
        }
        catch (JavaScriptException ex)
        {
            return (JsValue.Undefined, new ThrownValue(ex.Error));
        }
        catch (Exception ex) when (ErrorReport.IsScriptFailure(ex))
        {
            realm.Extension.RecoverAll(ex);
            realm.RecoverFrom(ex);
            return (JsValue.Undefined, new ThrownValue(realm.Engine.Intrinsics.Error.Construct(ErrorReport.Describe(ex))));
        }
    }

    private const string SyntaxPrefix = "Uncaught SyntaxError: ";

    /// <summary>What a script threw, and the console line for it when it is not the usual <c>Uncaught ...</c>.</summary>
    private sealed record ThrownValue(JsValue Value, string? Report = null);

    /// <summary>The script gave a promise: the caller is answered once it settles, or hears the document went first.</summary>
    private static void Await(ContextRealm realm, InjectionCaller caller, ObjectInstance promise, JsValue then, string name, string? documentId, TabInjection injection)
    {
        var pending = PendingInjections.Add(realm, injection);
        var engine = realm.Engine;
        var onFulfilled = new ClrFunction(engine, "", (_, args) =>
        {
            PendingInjections.Remove(realm, pending);
            Answer(realm, caller, args.Length > 0 ? args[0] : JsValue.Undefined, name, documentId, injection.FrameId);
            return JsValue.Undefined;
        });
        var onRejected = new ClrFunction(engine, "", (thisValue, args) =>
        {
            PendingInjections.Remove(realm, pending);
            var reason = args.Length > 0 ? args[0] : JsValue.Undefined;
            if (caller.Chromium)
            {
                realm.ReportUncaught(reason);
                Answer(realm, caller, JsValue.Null, name, documentId, injection.FrameId);
            }
            else caller.Completed(new FrameOutcome(null, Copy(realm, caller, reason, name, out _), documentId) { FrameId = injection.FrameId });
            return JsValue.Undefined;
        });
        engine.Call(then, promise, [onFulfilled, onRejected]);
    }

    private static void Answer(ContextRealm realm, InjectionCaller caller, JsValue value, string name, string? documentId, int frameId)
    {
        var copy = Copy(realm, caller, value, name, out var failure);
        if (failure is not null) caller.Fail(failure);
        else caller.Completed(new FrameOutcome(copy, null, documentId) { FrameId = frameId });
    }

    /// <summary>
    /// A copy of <paramref name="value"/> to build in the caller: Chromium's is JSON (what does not serialise is null, an
    /// undefined value null); Firefox's a structured clone, refused with its error when the value cannot be cloned.
    /// </summary>
    private static Func<ContextRealm, JsValue>? Copy(ContextRealm realm, InjectionCaller caller, JsValue value, string name, out string? failure)
    {
        failure = null;
        if (caller.Chromium)
        {
            string? json;
            try
            {
                var text = realm.Stringify(value);
                json = text.IsString() ? text.AsString() : null;
            }
            catch (JavaScriptException)
            {
                json = null;
            }
            catch (Exception ex) when (ErrorReport.IsScriptFailure(ex))
            {
                // A limit passed while serialising (a value too large for the turn): the call fails with it.
                realm.Extension.RecoverAll(ex);
                realm.RecoverFrom(ex);
                failure = ErrorReport.Describe(ex);
                return null;
            }
            if (json is null) return null;
            if (json.Length > realm.Extension.Options.MaxMessageBytes)
            {
                failure = $"Message exceeded maximum allowed size of {FileLimits.Bytes(realm.Extension.Options.MaxMessageBytes).Replace(" ", "")}.";
                return null;
            }
            return target => new Jint.Native.Json.JsonParser(target.Engine).Parse(json);
        }
        try
        {
            var clone = StructuredClone.Capture(realm, value);
            return clone.Materialize;
        }
        catch (JavaScriptException)
        {
            failure = $"Script '{name}' result is non-structured-clonable data";
            return null;
        }
        catch (MessageTooLargeException tooLarge)
        {
            failure = tooLarge.Message;
            return null;
        }
        catch (Exception ex) when (ErrorReport.IsScriptFailure(ex))
        {
            realm.Extension.RecoverAll(ex);
            realm.RecoverFrom(ex);
            failure = ErrorReport.Describe(ex);
            return null;
        }
    }

    private static readonly ConditionalWeakTable<object, string> DocumentIds = new();

    /// <summary>Chromium's documentId: 32 hexadecimal digits naming one document (both worlds of a tab see the same).</summary>
    private static string DocumentId(DocumentState document) =>
        DocumentIds.GetValue(document, _ => Guid.NewGuid().ToString("N").ToUpperInvariant());
}

/// <summary>Injections awaiting a promise in a realm: when the realm goes (a navigation, a close), their callers hear the document went.</summary>
internal static class PendingInjections
{
    private static readonly ConditionalWeakTable<ContextRealm, List<TabInjection>> Pending = new();

    public static TabInjection Add(ContextRealm realm, TabInjection injection)
    {
        Pending.GetOrCreateValue(realm).Add(injection);
        return injection;
    }

    public static void Remove(ContextRealm realm, TabInjection injection)
    {
        if (Pending.TryGetValue(realm, out var list)) list.Remove(injection);
    }

    /// <summary>The realm is going: called on its last turn.</summary>
    public static void Abandon(ContextRealm? realm)
    {
        if (realm is null || !Pending.TryGetValue(realm, out var list)) return;
        Pending.Remove(realm);
        foreach (var injection in list) injection.Abandon();
    }
}
