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
        ApiSurface.Install(host);
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
