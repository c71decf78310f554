using ActorRuntime.Apis.Tabs;
using ActorRuntime.Kernel;
using ActorRuntime.Manifest;
using ActorRuntime.Scripting;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using static ActorRuntime.Apis.Injection.InjectionCalls;

namespace ActorRuntime.Apis.Injection;

/// <summary>
/// <c>browser.scripting</c>'s injections: <c>executeScript</c> (files or a function with its arguments, in the isolated
/// world or the page's MAIN world, a promise result awaited), <c>insertCSS</c> and <c>removeCSS</c>, into a tab the
/// extension holds a host permission or an <c>activeTab</c> grant for. The registration of content scripts is
/// <see cref="ScriptRegistrationApi"/>'s.
/// </summary>
internal static class ScriptingApi
{
    public static void Register(Dictionary<string, ApiImplementation> registry)
    {
        registry["scripting.executeScript"] = new() { Function = ExecuteScript };
        registry["scripting.insertCSS"] = new() { Function = call => ChangeStyles(call, InjectionKind.InsertCss) };
        registry["scripting.removeCSS"] = new() { Function = call => ChangeStyles(call, InjectionKind.RemoveCss) };
        ScriptRegistrationApi.Register(registry);
    }

    private static JsValue ExecuteScript(ApiCall call)
    {
        var chromium = call.Realm.Extension.Flavor == Flavor.Chrome;
        var injection = (ObjectInstance)call[0];
        var files = TabCalls.Texts(injection, "files");
        var func = injection.Get("func");
        var hasFunc = func.IsCallable();
        if (files is null == !hasFunc)
            return call.Fail(chromium ? "Exactly one of 'func' and 'files' must be specified" : "Exactly one of files and func must be specified.");
        var args = injection.Get("args");
        if (files is not null && !(args.IsNull() || args.IsUndefined())) return call.Fail("'args' may not be used with file injections.");
        var target = (ObjectInstance)injection.Get("target");
        var tabId = TabCalls.Int(target, "tabId") ?? -1;
        var (frames, frameRefusal) = FramesOf(call, target, tabId, out var selected);
        if (frames == Frames.Refused) return call.Fail(frameRefusal!);

        var scripts = new List<InjectedScript>();
        if (files is not null)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var file in files)
            {
                if (chromium && ResolveFile(call, file) is { } path && !seen.Add(path)) return call.Fail($"Duplicate file specified: '{file}'.");
                var (script, refusal) = ScriptFile(call, file);
                if (refusal is not null) return call.Fail(refusal);
                scripts.Add(script!);
            }
        }
        else
        {
            if (FunctionCall(call, func, args, chromium) is not { } code)
                return call.Fail(chromium ? "Unserializable argument passed." : "Unserializable arguments.");
            if (TooLarge(call, code) is { } tooLarge) return call.Fail(tooLarge);
            scripts.Add(new InjectedScript("<anonymous code>", PreparedScript.Parse("<anonymous code>", code)));
        }
        var (tab, denied) = Target(call, tabId);
        if (tab is null) return call.Fail(denied!);
        if (frames == Frames.None) return Nothing(call, results: true);
        return Send(call, new TabInjection
        {
            TabId = tab.Id,
            Kind = InjectionKind.Script,
            Caller = new InjectionCaller(call.Realm, call.Reply!, ResultForm.PerFrame),
            World = TabCalls.Text(injection, "world") == "MAIN" ? ScriptWorld.Main : ScriptWorld.Isolated,
            Scripts = scripts,
            DocumentIds = TabCalls.Texts(target, "documentIds"),
            AllFrames = selected.AllFrames,
            FrameIds = selected.FrameIds,
        });
    }

    /// <summary>
    /// The code both browsers build for <c>func</c>: its source text called with its arguments as JSON, as an expression
    /// whose value is the result; null when the arguments do not serialise.
    /// </summary>
    private static string? FunctionCall(ApiCall call, JsValue func, JsValue args, bool chromium)
    {
        var realm = call.Realm;
        var engine = realm.Engine;
        var source = engine.Call(engine.Intrinsics.Function.Get("prototype").Get("toString"), func, []).ToString();
        var argumentList = "";
        if (!(args.IsNull() || args.IsUndefined()))
        {
            try
            {
                var json = realm.Stringify(args);
                if (!json.IsString()) return null;
                argumentList = json.AsString()[1..^1];
            }
            catch (Jint.Runtime.JavaScriptException)
            {
                return null;
            }
        }
        return chromium ? $"({source})({argumentList})" : $"({source})({argumentList});";
    }

    private static JsValue ChangeStyles(ApiCall call, InjectionKind kind)
    {
        var chromium = call.Realm.Extension.Flavor == Flavor.Chrome;
        var injection = (ObjectInstance)call[0];
        var files = TabCalls.Texts(injection, "files");
        var css = TabCalls.Text(injection, "css");
        if (files is null == css is null)
            return call.Fail(chromium ? "Exactly one of 'css' and 'files' must be specified." : "Exactly one of files and css must be specified.");
        var target = (ObjectInstance)injection.Get("target");
        var tabId = TabCalls.Int(target, "tabId") ?? -1;
        var (frames, frameRefusal) = FramesOf(call, target, tabId, out var selected);
        if (frames == Frames.Refused) return call.Fail(frameRefusal!);
        var styles = new List<InjectedStyle>();
        if (css is not null)
        {
            if (TooLarge(call, css) is { } tooLarge) return call.Fail(tooLarge);
            styles.Add(StyleCode(css));
        }
        else
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var file in files!)
            {
                if (chromium && ResolveFile(call, file) is { } path && !seen.Add(path)) return call.Fail($"Duplicate file specified: '{file}'.");
                var style = StyleFile(call, file, read: kind == InjectionKind.InsertCss, out var refusal);
                if (refusal is not null) return call.Fail(refusal);
                styles.Add(style!);
            }
        }
        var (tab, denied) = Target(call, tabId);
        if (tab is null) return call.Fail(denied!);
        if (frames == Frames.None) return Nothing(call, results: false);
        return Send(call, new TabInjection
        {
            TabId = tab.Id,
            Kind = kind,
            Caller = new InjectionCaller(call.Realm, call.Reply!, ResultForm.PerFrame),
            Styles = styles,
            Origin = Origin(TabCalls.Text(injection, "origin")),
            DocumentIds = TabCalls.Texts(target, "documentIds"),
            AllFrames = selected.AllFrames,
            FrameIds = selected.FrameIds,
        });
    }
}
