using ActorRuntime.Apis.Tabs;
using ActorRuntime.Browsing;
using ActorRuntime.Dom;
using ActorRuntime.Kernel;
using ActorRuntime.Manifest;
using ActorRuntime.Scripting;
using Jint;
using Jint.Native;
using Jint.Native.Object;

namespace ActorRuntime.Apis.Injection;

/// <summary>What the injecting functions share: the target tab and frames, the files and code they inject, and sending it on.</summary>
internal static class InjectionCalls
{
    /// <summary>The tab the extension may script, or the flavour's refusal (an unknown tab, a page it may not touch).</summary>
    public static (BrowserTab? Tab, string? Refusal) Target(ApiCall call, int tabId)
    {
        if (TabCalls.VisibleTab(call, tabId) is not { } tab) return (null, TabCalls.NoTab(call, tabId));
        return ScriptAccess.Refusal(call.Realm.Extension, tab) is { } refusal ? (null, refusal) : (tab, null);
    }

    /// <summary>What a call's frame selection asks for: frames (see <see cref="FrameTarget"/>), nothing at all (no frame ids), or a refusal.</summary>
    internal enum Frames { Top, None, Refused }

    /// <summary>The frames a call names: all of them, or those ids (null: the top frame). The supervisor checks them against the tab's document.</summary>
    internal sealed record FrameTarget(bool AllFrames, IReadOnlyList<int>? FrameIds);

    /// <summary>
    /// <c>target.frameIds</c>, <c>allFrames</c> and <c>documentIds</c> checked as each browser does; which frames exist
    /// (and may be scripted) is the supervisor's to check when the injection reaches the tab.
    /// </summary>
    public static (Frames Frames, string? Refusal) FramesOf(ApiCall call, ObjectInstance target, int tabId, out FrameTarget selected)
    {
        var chromium = call.Realm.Extension.Flavor == Flavor.Chrome;
        var allFrames = TabCalls.Bool(target, "allFrames") == true;
        var frameIds = Numbers(target.Get("frameIds"));
        var documentIds = TabCalls.Texts(target, "documentIds");
        selected = new FrameTarget(allFrames, frameIds?.Select(id => (int)Math.Clamp(id, int.MinValue, int.MaxValue)).Distinct().ToList());
        if (chromium)
        {
            if (allFrames && (frameIds is not null || documentIds is not null))
                return (Frames.Refused, "Cannot specify 'allFrames' if either 'frameIds' or 'documentIds' is specified.");
            if (frameIds is not null && documentIds is not null) return (Frames.Refused, "Cannot specify both 'frameIds' and 'documentIds'.");
        }
        else if (allFrames && frameIds is not null) return (Frames.Refused, "Cannot specify both 'allFrames' and 'frameIds'.");
        if (frameIds is null) return (documentIds is { Count: 0 } ? Frames.None : Frames.Top, null);
        return (frameIds.Count == 0 ? Frames.None : Frames.Top, null);
    }

    private static List<long>? Numbers(JsValue value)
    {
        if (value is not ObjectInstance list || !list.IsArray()) return null;
        var length = (long)Jint.Runtime.TypeConverter.ToNumber(list.Get("length"));
        var numbers = new List<long>();
        for (long i = 0; i < length; i++) numbers.Add((long)Jint.Runtime.TypeConverter.ToNumber(list.Get(i)));
        return numbers;
    }

    /// <summary>
    /// The extension path a file names: Chromium's relative to the extension's root, Firefox's relative to the calling
    /// page; null when it is outside the extension.
    /// </summary>
    public static string? ResolveFile(ApiCall call, string file)
    {
        var package = call.Realm.Extension.Package;
        string? relativeTo = null;
        var baseUrl = call.Realm.Identity.BaseUrl;
        if (call.Realm.Extension.Flavor != Flavor.Chrome && call.Realm.Info.Url.StartsWith(baseUrl, StringComparison.Ordinal))
        {
            var page = call.Realm.Info.Url[baseUrl.Length..];
            var cut = page.IndexOfAny(['?', '#']);
            relativeTo = cut >= 0 ? page[..cut] : page;
        }
        try
        {
            return package.Resolve(file, relativeTo);
        }
        catch (ManifestException)
        {
            return null;
        }
    }

    /// <summary>A script file to inject: parsed once through the catalog; a file that cannot be read fails in the flavour's words.</summary>
    public static (InjectedScript? Script, string? Refusal) ScriptFile(ApiCall call, string file)
    {
        var chromium = call.Realm.Extension.Flavor == Flavor.Chrome;
        if (ResolveFile(call, file) is not { } path)
            return (null, chromium ? $"Could not load file: '{file}'." : "Files to be injected must be within the extension");
        var url = call.Realm.Identity.BaseUrl + path;
        var script = call.Realm.Extension.Catalog.Get(path);
        if (!script.IsLoadFailure) return (new InjectedScript(url, script), null);
        // Chromium refuses the call; Firefox runs it and reports the failure in the frame's result.
        return chromium ? (null, $"Could not load file: '{file}'.") : (new InjectedScript(url, null, $"Unable to load script: {url}"), null);
    }

    /// <summary>A style sheet file to insert (or remove: keyed by its URL, as browsers key it).</summary>
    public static InjectedStyle? StyleFile(ApiCall call, string file, bool read, out string? refusal)
    {
        refusal = null;
        var chromium = call.Realm.Extension.Flavor == Flavor.Chrome;
        if (ResolveFile(call, file) is not { } path)
        {
            refusal = chromium ? $"Could not load file: '{file}'." : "Files to be injected must be within the extension";
            return null;
        }
        var url = call.Realm.Identity.BaseUrl + path;
        if (!read) return new InjectedStyle(url, null, null);
        try
        {
            return new InjectedStyle(url, call.Realm.Extension.Catalog.ReadStyle(path), null);
        }
        catch (ExtensionFileException)
        {
            if (chromium) refusal = $"Could not load file: '{file}'.";
            return new InjectedStyle(url, null, $"Unable to load style sheet: {url}");
        }
    }

    /// <summary>CSS given as text: keyed by the text itself (what removes it again is the same text).</summary>
    public static InjectedStyle StyleCode(string css) => new("code:" + css, css, null);

    /// <summary>Code an extension passes as text is bounded like a file of its folder; the refusal naming the limit, or null.</summary>
    public static string? TooLarge(ApiCall call, string code)
    {
        var limit = call.Realm.Extension.Package.Limits.MaxFileSize;
        return code.Length > limit ? $"the code to inject is larger than {FileLimits.Bytes(limit)} ({FileLimits.MaxFileSizeKey})" : null;
    }

    public static StyleOrigin Origin(string? origin) => string.Equals(origin, "user", StringComparison.OrdinalIgnoreCase) ? StyleOrigin.User : StyleOrigin.Author;

    /// <summary>
    /// Sends the injection to the supervisor, which hands it to the tab's content context. Its refusal (the tab went, or
    /// navigated where the extension may not go) comes back on a later turn of the caller; the outcome on a task of the loop.
    /// </summary>
    public static JsValue Send(ApiCall call, TabInjection injection)
    {
        var extension = call.Realm.Extension;
        call.Host.Await(injection.Delivered.Task, delivered =>
        {
            if (delivered.IsCompletedSuccessfully && delivered.Result is { } refusal) injection.Caller.Fail(refusal);
        });
        extension.Work.Send(extension.Supervisor, injection);
        return JsValue.Undefined;
    }

    /// <summary>Nothing to inject into (an empty list of frames): the call answers at once, as browsers do.</summary>
    public static JsValue Nothing(ApiCall call, bool results) =>
        call.Answer(results ? new JsArray(call.Realm.Engine) : JsValue.Undefined);
}
