using ActorRuntime.Scripting;
using ActorRuntime.Kernel;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime.Descriptors;

namespace ActorRuntime.Apis;

/// <summary>Installs <c>browser</c>, <c>chrome</c>, <c>console</c>, the timers and the window globals on a context's global.</summary>
internal static class BrowserNamespace
{
    public static void Install(IContextHost host)
    {
        var realm = host.Realm;
        var engine = realm.Engine;
        var runtime = RuntimeApi.Create(host);
        var extension = ExtensionApi.Create(host);
        // Built on first use, as Firefox builds its API objects lazily: a context that never touches storage or
        // tabs (most wakes of an event page) pays nothing for them. Both namespaces share each object.
        var storage = new Lazy<ObjectInstance>(() => StorageApi.Create(host, runtime));
        var tabs = new Lazy<ObjectInstance>(() => TabsApi.Create(host, runtime));
        // Both namespaces in every flavour: the flavour changes behaviour, not which name a script may use.
        foreach (var name in new[] { "browser", "chrome" })
        {
            var ns = new JsObject(engine);
            ns.FastSetProperty("runtime", new PropertyDescriptor(runtime, PropertyFlag.ConfigurableEnumerableWritable));
            ns.FastSetProperty("extension", new PropertyDescriptor(extension, PropertyFlag.ConfigurableEnumerableWritable));
            ns.LazyGetter("storage", storage);
            // Content scripts get no tabs API.
            if (realm.Info.IsExtensionPage) ns.LazyGetter("tabs", tabs);
            realm.Global.FastSetProperty(name, new PropertyDescriptor(ns, PropertyFlag.Configurable | PropertyFlag.Writable));
        }
        InstallWebPlatform(host);
    }

    /// <summary>What a web page's own world has: console, timers and the window globals, no extension API.</summary>
    public static void InstallWebPlatform(IContextHost host)
    {
        TimersApi.Install(host);
        WindowGlobals.Install(host);
        host.Realm.Global.FastSetProperty("console", new PropertyDescriptor(ConsoleApi.Create(host.Realm), PropertyFlag.Configurable | PropertyFlag.Writable));
    }
}
