namespace ActorRuntime.Kernel;

internal static class RuntimeSettings
{
    /// <summary>Script work runs on its own dispatcher, never on the default one Akka and the host share.</summary>
    public const string ScriptDispatcherId = "actorruntime.script-dispatcher";

    /// <summary>The small mailbox every extension supervisor gets.</summary>
    public const string SupervisorMailboxId = "actorruntime.supervisor-mailbox";
}
