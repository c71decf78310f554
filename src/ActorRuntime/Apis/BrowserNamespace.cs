using ActorRuntime.Contexts;
using Jint.Native;
using Jint.Runtime.Descriptors;

namespace ActorRuntime.Apis;

/// <summary>Installs <c>browser</c>, <c>chrome</c> and <c>console</c> on a context's global.</summary>
internal static class BrowserNamespace
{
    public static void Install(IContextHost host)
    {
        var realm = host.Realm;
        var engine = realm.Engine;
        var runtime = RuntimeApi.Create(host);
        var extension = ExtensionApi.Create(host);
        // Content scripts get no tabs API.
        var tabs = realm.Info.IsExtensionPage ? TabsApi.Create(host, runtime) : null;
        var storage = StorageApi.Create(host, runtime);
        // Both namespaces in every flavour: the flavour changes behaviour, not which name a script may use.
        foreach (var name in new[] { "browser", "chrome" })
        {
            var ns = new JsObject(engine);
            ns.FastSetProperty("runtime", new PropertyDescriptor(runtime, PropertyFlag.ConfigurableEnumerableWritable));
            ns.FastSetProperty("extension", new PropertyDescriptor(extension, PropertyFlag.ConfigurableEnumerableWritable));
            ns.FastSetProperty("storage", new PropertyDescriptor(storage, PropertyFlag.ConfigurableEnumerableWritable));
            if (tabs is not null) ns.FastSetProperty("tabs", new PropertyDescriptor(tabs, PropertyFlag.ConfigurableEnumerableWritable));
            realm.Global.FastSetProperty(name, new PropertyDescriptor(ns, PropertyFlag.Configurable | PropertyFlag.Writable));
        }
        TimersApi.Install(host);
        realm.Global.FastSetProperty("console", new PropertyDescriptor(ConsoleApi.Create(realm), PropertyFlag.Configurable | PropertyFlag.Writable));
    }
}
