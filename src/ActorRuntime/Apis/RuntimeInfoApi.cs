using System.Runtime.InteropServices;
using ActorRuntime.Kernel;
using ActorRuntime.Scripting;
using Akka.Actor;
using Jint;
using Jint.Native;
using Jint.Native.Object;

namespace ActorRuntime.Apis;

/// <summary>
/// <c>runtime</c>'s functions about the extension and its browser: <c>getManifest</c>, <c>getPlatformInfo</c>,
/// <c>getBrowserInfo</c> (Firefox), <c>openOptionsPage</c>, <c>setUninstallURL</c> and <c>getContexts</c>.
/// </summary>
internal static class RuntimeInfoApi
{
    public static void Register(Dictionary<string, ApiImplementation> registry)
    {
        registry["runtime.getManifest"] = new() { Function = call => Parse(call.Realm, I18nApi.Localized(call.Realm.Extension, Manifest.ManifestLoader.PlainJson(call.Realm.Extension.Package.Files))) };
        registry["runtime.getPlatformInfo"] = new() { Function = call => call.Answer(PlatformInfo(call.Realm)) };
        registry["runtime.getBrowserInfo"] = new() { Function = call => call.Answer(BrowserInfo(call.Realm)), OnlyIn = [Flavor.Mdn, Flavor.Firefox] };
        registry["runtime.openOptionsPage"] = new() { Function = OpenOptionsPage };
        registry["runtime.reload"] = new()
        {
            Function = call =>
            {
                // Counted: a caller waiting for the extension to settle sees the reload done.
                var extension = call.Realm.Extension;
                extension.Work.Send(extension.Supervisor, SupervisorSignals.Reload.Instance, ActorRefs.NoSender);
                return JsValue.Undefined;
            },
        };
        registry["runtime.setUninstallURL"] = new() { Function = SetUninstallUrl };
        // Chromium's: an extension loaded from a folder has no update URL to check.
        registry["runtime.requestUpdateCheck"] = new() { Function = call => call.Answer(UpdateStatus(call.Realm)), OnlyIn = [Flavor.Chrome] };
        registry["runtime.getContexts"] = new() { Function = call => call.Answer(RuntimeContexts.List(call.Realm, call[0])) };
    }

    private static JsValue Parse(ContextRealm realm, string json) => new Jint.Native.Json.JsonParser(realm.Engine).Parse(json);


    /// <summary>The machine the runtime runs on, in the schema's terms (<c>os</c> linux, mac, win; <c>arch</c> x86-64, arm...).</summary>
    private static JsValue PlatformInfo(ContextRealm realm)
    {
        var info = new JsObject(realm.Engine);
        info.FastSetDataProperty("os", OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "mac" : OperatingSystem.IsAndroid() ? "android" : "linux");
        var arch = RuntimeInformation.OSArchitecture switch
        {
            Architecture.X64 => "x86-64",
            Architecture.X86 => "x86-32",
            Architecture.Arm64 => "aarch64",
            _ => "arm",
        };
        info.FastSetDataProperty("arch", realm.Extension.Flavor == Flavor.Chrome && arch == "aarch64" ? "arm64" : arch);
        if (realm.Extension.Flavor == Flavor.Chrome) info.FastSetDataProperty("nacl_arch", arch == "x86-64" ? "x86-64" : arch);
        return info;
    }

    /// <summary>Firefox's <c>getBrowserInfo</c>: the browser the flavour stands for, as Firefox names itself.</summary>
    private static JsValue BrowserInfo(ContextRealm realm)
    {
        var info = new JsObject(realm.Engine);
        info.FastSetDataProperty("name", "Firefox");
        info.FastSetDataProperty("vendor", "Mozilla");
        info.FastSetDataProperty("version", BrowserVersions.Firefox);
        info.FastSetDataProperty("buildID", BrowserVersions.FirefoxBuildId);
        return info;
    }

    private static JsValue UpdateStatus(ContextRealm realm)
    {
        var status = new JsObject(realm.Engine);
        status.FastSetDataProperty("status", "no_update");
        return status;
    }

    private static JsValue OpenOptionsPage(ApiCall call)
    {
        var realm = call.Realm;
        var reply = call.Reply!;
        call.Host.Await(Ask(realm.Extension.Supervisor, new SupervisorSignals.OpenOptionsPage(realm.Info.IsPrivate), realm.Extension.Options.AskTimeout), done =>
        {
            if (done.IsCompletedSuccessfully) reply.Resolve(JsValue.Undefined);
            else reply.Reject(done.Exception?.GetBaseException().Message ?? "Could not open the options page");
        });
        return JsValue.Undefined;
    }

    private static async Task<string?> Ask(IActorRef supervisor, object request, TimeSpan timeout)
    {
        await supervisor.Ask<object>(request, timeout);
        return null;
    }

    /// <summary>Remembered for the host (where the browser would go on uninstall); an empty URL clears it.</summary>
    private static JsValue SetUninstallUrl(ApiCall call)
    {
        var url = call[0].IsString() ? call[0].AsString() : "";
        if (url.Length > 0 && Dom.UrlRecord.Parse(url) is not { Scheme: "http" or "https" })
        {
            return call.Fail(call.Realm.Extension.Flavor == Flavor.Chrome ? "Invalid URL: \"" + url + "\"." : "Invalid URL: " + url);
        }
        call.Realm.Extension.Host.UninstallUrl = url.Length > 0 ? url : null;
        return call.Answer(JsValue.Undefined);
    }
}

/// <summary>The browser versions the flavours stand for (what <c>navigator.userAgent</c> names too).</summary>
internal static class BrowserVersions
{
    public const string Firefox = "128.0";
    public const string FirefoxBuildId = "20240701000000";

    /// <summary>The <c>User-Agent</c> of the flavour's browser (<c>navigator.userAgent</c>, a request's header).</summary>
    public static string UserAgent(Flavor flavor) => flavor == Flavor.Chrome
        ? "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
        : "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/" + Firefox;
}
