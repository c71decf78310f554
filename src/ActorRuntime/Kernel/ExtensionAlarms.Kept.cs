using System.Text.Json;

namespace ActorRuntime.Kernel;

/// <summary>
/// The alarms as Chromium keeps them across a restart: stored after every change (and after every firing), read back when
/// the extension starts, each at its scheduled time. One whose time passed while the runtime was stopped fires once as soon
/// as the extension is started (Chromium's alarm manager polls at once at startup), a periodic one then in line with its
/// first scheduled time. Firefox keeps none (<see cref="KeptBrowserState.Keeps"/>).
/// </summary>
internal sealed partial class ExtensionAlarms
{
    private void MarkChanged() => extension.KeptState.Changed(KeptBrowserState.Alarms, KeptJson);

    /// <summary><c>[{name, scheduledTime, periodInMinutes?}]</c> in creation order; null when there is none.</summary>
    private string? KeptJson()
    {
        lock (_gate)
        {
            if (_entries.Count == 0) return null;
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartArray();
                foreach (var alarm in _entries.Select(e => e.Alarm).Where(a => double.IsFinite(a.ScheduledTime)))
                {
                    writer.WriteStartObject();
                    writer.WriteString("name", alarm.Name);
                    writer.WriteNumber("scheduledTime", alarm.ScheduledTime);
                    if (alarm.PeriodInMinutes is { } period && double.IsFinite(period)) writer.WriteNumber("periodInMinutes", period);
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
            }
            return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
        }
    }

    /// <summary>
    /// The alarms kept from an earlier run (<see cref="KeptJson"/>'s form), before any context runs; within the runtime's
    /// bounds (count, name length). What cannot be read is skipped; the answer says how many were.
    /// </summary>
    public int Restore(JsonElement kept)
    {
        if (kept.ValueKind != JsonValueKind.Array) return 1;
        var options = extension.Options.Alarms;
        var skipped = 0;
        lock (_gate)
        {
            foreach (var item in kept.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object
                    || !item.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String
                    || !item.TryGetProperty("scheduledTime", out var time) || !time.TryGetDouble(out var scheduled) || !double.IsFinite(scheduled)
                    || name.GetString()!.Length > options.MaxNameLength || _entries.Count >= options.MaxAlarms)
                {
                    skipped++;
                    continue;
                }
                double? period = item.TryGetProperty("periodInMinutes", out var p) && p.TryGetDouble(out var minutes) && double.IsFinite(minutes) && minutes >= 0 ? minutes : null;
                var alarm = new Alarm(name.GetString()!, scheduled, period);
                _entries.RemoveAll(e => e.Alarm.Name == alarm.Name);
                _entries.Add(new Entry(alarm, scheduled));
            }
            Arm();
        }
        return skipped;
    }
}
