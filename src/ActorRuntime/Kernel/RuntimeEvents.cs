namespace ActorRuntime.Kernel;

/// <summary>The names the runtime dispatches <c>runtime.*</c> events under.</summary>
internal static class RuntimeEvents
{
    public const string OnInstalled = "runtime.onInstalled";
    public const string OnStartup = "runtime.onStartup";
    public const string OnSuspend = "runtime.onSuspend";
    public const string OnSuspendCanceled = "runtime.onSuspendCanceled";

    /// <summary>What a host may dispatch to the background from outside.</summary>
    public static readonly string[] Dispatchable = [OnInstalled, OnStartup, OnSuspend, OnSuspendCanceled];
}
