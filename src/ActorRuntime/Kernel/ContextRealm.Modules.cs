using ActorRuntime.Scripting;
using Jint;
using Jint.Native;
using Jint.Runtime.Interop;

namespace ActorRuntime.Kernel;

/// <summary>Running ES modules in the realm: entries (module scripts, a module background or worker) and what they import.</summary>
internal sealed partial class ContextRealm
{
    private readonly ContextModules _modules;

    /// <summary>
    /// Set for a service worker: <c>import()</c> then rejects with Chromium's <c>TypeError</c> (static imports of a
    /// module worker still load).
    /// </summary>
    public bool DynamicImportDisallowed { get; set; }

    /// <summary>
    /// Runs <paramref name="root"/> as an entry module: its static import graph is walked and checked first (a failure
    /// there runs nothing and is the load failure); then the engine links and evaluates it, and its jobs run, so its
    /// synchronous part has run on return while a top-level <c>await</c> continues as later jobs. What it throws, now or
    /// after an <c>await</c>, is reported as <c>Uncaught ...</c>; the evaluation error is the one thrown before return.
    /// </summary>
    public (string? LoadFailure, string? EvaluationError) RunModule(PreparedModule root)
    {
        if (_modules.Graph.Add(root) is { } failure)
        {
            Log("error", failure.Line);
            return (failure.Line, null);
        }
        string? evaluationError = null;
        try
        {
            var import = Engine.Modules.StartImport(root.Path, ContextModules.EntryReferrer);
            // Handled at once, so a failure reads as a module script's uncaught error rather than an unhandled rejection.
            var report = new ClrFunction(Engine, "", (_, arguments) =>
            {
                var reason = arguments.Length > 0 ? arguments[0] : JsValue.Undefined;
                // The engine's own promises for the module carry the same error unhandled: it is reported once, here.
                ForgetRejectionsWith(reason);
                var line = "Uncaught " + ErrorReport.DescribeThrown(reason);
                Log("error", line);
                evaluationError ??= line;
                return JsValue.Undefined;
            });
            Engine.Call(PromiseThen, import.Promise, [JsValue.Undefined, report]);
            Extension.DrainJobs(this);
        }
        catch (Exception ex) when (ErrorReport.IsScriptFailure(ex))
        {
            Extension.RecoverAll(ex);
            RecoverFrom(ex);
            var line = ErrorReport.Describe(ex);
            Log("error", line);
            return (null, line);
        }
        return (null, evaluationError);
    }
}
