namespace ActorRuntime.Host;

/// <summary><c>--strict</c>: whether any context reported an uncaught error or an unhandled rejection on its console.</summary>
internal sealed class StrictWatch
{
    private volatile bool _failed;

    public void See(ConsoleEntry entry)
    {
        // What the runtime reported, not what a script chose to print.
        if (entry.Level == "error" && !entry.IsScriptOutput && entry.Text.StartsWith("Uncaught", StringComparison.Ordinal)) _failed = true;
    }

    /// <summary>3 when strict and something was uncaught, unless the run already failed on bad input (2).</summary>
    public int ExitCode(bool strict, int code) => strict && _failed && code != 2 ? 3 : code;
}
