namespace ActorRuntime.Kernel;

internal sealed partial class ExtensionKernel
{
    private ExtensionAlarms? _alarms;

    /// <summary>The extension's alarms, made on first use: an extension that never creates one keeps nothing for them.</summary>
    internal ExtensionAlarms Alarms
    {
        get
        {
            if (_alarms is null) Interlocked.CompareExchange(ref _alarms, new ExtensionAlarms(this), null);
            return _alarms;
        }
    }

    /// <summary>The alarms, if any were ever created.</summary>
    internal ExtensionAlarms? AlarmsIfAny => Volatile.Read(ref _alarms);

    /// <summary>An alarm is pending: a host that unloads idle extensions keeps this one, or the alarm would be lost.</summary>
    internal bool HasPendingAlarms => AlarmsIfAny is { Count: > 0 };
}
