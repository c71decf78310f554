using ActorRuntime.Apis.Tabs;
using ActorRuntime.Kernel;
using ActorRuntime.Scripting;
using Jint.Native;
using Jint.Native.Object;
using static ActorRuntime.Apis.Injection.InjectionCalls;

namespace ActorRuntime.Apis.Injection;

/// <summary>
/// MV2's <c>tabs.executeScript</c>, <c>tabs.insertCSS</c> and <c>tabs.removeCSS</c>: <c>{code | file}</c> into a tab (the
/// active tab of the caller's window when none is named), answered with an array of each frame's result. Firefox awaits
/// a promise result and rejects with what the script threw; Chromium answers at once with what JSON makes of the value.
/// </summary>
internal static class TabsInjectionApi
{
    public static void Register(Dictionary<string, ApiImplementation> registry)
    {
        registry["tabs.executeScript"] = new() { Function = call => Inject(call, InjectionKind.Script, "executeScript") };
        registry["tabs.insertCSS"] = new() { Function = call => Inject(call, InjectionKind.InsertCss, "insertCSS") };
        registry["tabs.removeCSS"] = new() { Function = call => Inject(call, InjectionKind.RemoveCss, "removeCSS") };
    }

    private static JsValue Inject(ApiCall call, InjectionKind kind, string method)
    {
        var chromium = call.Realm.Extension.Flavor == Flavor.Chrome;
        var details = (ObjectInstance)call[1];
        var code = TabCalls.Text(details, "code");
        var file = TabCalls.Text(details, "file");
        if (code is not null && file is not null)
            return call.Fail(chromium ? "Code and file should not be specified at the same time in the second argument." : Neither(method));
        if (code is null && file is null) return call.Fail(chromium ? "No source code or file specified." : Neither(method));
        var frameId = TabCalls.Int(details, "frameId");
        var allFrames = TabCalls.Bool(details, "allFrames") == true;
        if (frameId is not null && allFrames)
            return call.Fail(chromium ? "Cannot specify both 'allFrames' and 'frameId'." : "'frameId' and 'allFrames' are mutually exclusive");
        if (chromium && kind == InjectionKind.Script && TabCalls.Text(details, "cssOrigin") is not null)
            return call.Fail("CSS origin should be specified only for CSS code.");
        var tabId = TargetTab(call, call[0]);

        if (code is not null && TooLarge(call, code) is { } tooLarge) return call.Fail(tooLarge);
        var scripts = new List<InjectedScript>();
        var styles = new List<InjectedStyle>();
        if (kind == InjectionKind.Script)
        {
            if (code is not null) scripts.Add(new InjectedScript("<anonymous code>", PreparedScript.Parse("<anonymous code>", code)));
            else
            {
                var (script, refusal) = ScriptFile(call, file!);
                if (refusal is not null) return call.Fail(chromium ? $"Failed to load file: \"{file}\". " : refusal);
                scripts.Add(script!);
            }
        }
        else if (code is not null) styles.Add(StyleCode(code));
        else
        {
            var style = StyleFile(call, file!, read: kind == InjectionKind.InsertCss, out var refusal);
            if (refusal is not null) return call.Fail(chromium ? $"Failed to load file: \"{file}\". " : refusal);
            styles.Add(style!);
        }
        var (tab, denied) = Target(call, tabId);
        if (tab is null) return call.Fail(denied!);
        return Send(call, new TabInjection
        {
            TabId = tab.Id,
            Kind = kind,
            Caller = new InjectionCaller(call.Realm, call.Reply!, ResultForm.Values),
            Origin = Origin(TabCalls.Text(details, "cssOrigin")),
            Scripts = scripts,
            Styles = styles,
            AllFrames = allFrames,
            FrameIds = frameId is { } frame ? [frame] : null,
        });
    }

    private static string Neither(string method) => $"{method} requires either a 'code' or a 'file' property, but not both";

    /// <summary>The tab a call names, else the caller's own tab, else the active tab of its current window (-1: none).</summary>
    private static int TargetTab(ApiCall call, JsValue tabId)
    {
        if (TabCalls.Int(tabId) is { } id) return id;
        if (TabCalls.CallersTab(call) is { } own) return own.Id;
        var windowId = TabCalls.CurrentWindowId(call);
        return call.Realm.Extension.Browser.Tabs(tab => tab.Active && tab.Window.Id == windowId).FirstOrDefault()?.Id ?? -1;
    }
}
