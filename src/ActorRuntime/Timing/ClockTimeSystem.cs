using System.Globalization;
using Jint.Runtime;

namespace ActorRuntime.Timing;

/// <summary>Makes <c>Date.now()</c> and <c>new Date()</c> read the extension's clock, so a virtual clock is virtual for scripts too.</summary>
internal sealed class ClockTimeSystem(TimeProvider clock) : DefaultTimeSystem(TimeZoneInfo.Local, CultureInfo.CurrentCulture)
{
    public override DateTimeOffset GetUtcNow() => clock.GetUtcNow();
}
