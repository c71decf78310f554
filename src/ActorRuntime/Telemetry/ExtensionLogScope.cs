namespace ActorRuntime.Telemetry;

/// <summary>
/// The extension a console line is being reported for, on the reporting thread while its console callback runs: a host
/// that logs the line (as <c>serve</c> does) opens a logging scope with it, without the line itself carrying the id.
/// </summary>
internal static class ExtensionLogScope
{
    [ThreadStatic] private static string? _current;

    /// <summary>The extension whose console line is being reported on this thread, or null.</summary>
    public static string? Current => _current;

    /// <summary>Names <paramref name="extensionId"/> as <see cref="Current"/> until disposed (then the one before it again).</summary>
    public static Entered Enter(string extensionId)
    {
        var previous = _current;
        _current = extensionId;
        return new Entered(previous);
    }

    public readonly struct Entered(string? previous) : IDisposable
    {
        public void Dispose() => _current = previous;
    }
}
