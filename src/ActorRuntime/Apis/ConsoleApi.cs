using ActorRuntime.Kernel;
using Jint;
using ActorRuntime.Scripting;
using Jint.Native;
using Jint.Native.Object;

namespace ActorRuntime.Apis;

/// <summary><c>console.*</c>: every line is captured and tagged with its context's label.</summary>
internal static class ConsoleApi
{
    private static readonly string[] Levels = ["log", "info", "warn", "error", "debug", "trace"];

    public static ObjectInstance Create(ContextRealm realm)
    {
        var console = new JsObject(realm.Engine);
        foreach (var level in Levels)
            console.Method(level, (_, args) =>
            {
                realm.Log(level, string.Join(' ', args.Select(a => a.IsString() ? a.ToString() : realm.Format(a))));
                return JsValue.Undefined;
            });
        return console;
    }
}
