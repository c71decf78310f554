namespace ActorRuntime.Kernel;

/// <summary>
/// The notifications one extension shows (<c>notifications</c>): each one's options as JSON, in the order they were shown,
/// kept with the extension so they outlive a suspended event page. Written on the extension's turns and by the host (a
/// notification the user closed): every member takes the center's lock.
/// </summary>
internal sealed class NotificationCenter
{
    private readonly OrderedDictionary<string, string> _shown = new(StringComparer.Ordinal);
    private long _nextId;

    private object Gate => _shown;

    /// <summary>Firefox's id for a notification created without one: "0", "1", ... per extension.</summary>
    public string NextSequentialId()
    {
        lock (Gate) return (_nextId++).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Shows (or replaces) notification <paramref name="id"/>; refused, with the runtime's error naming the limit, when the
    /// extension already shows as many as it may or the options are larger than one may be.
    /// </summary>
    public string? Show(string id, string optionsJson, BrowserUiLimits limits)
    {
        lock (Gate)
        {
            if (2L * (id.Length + optionsJson.Length) > limits.MaxNotificationBytes)
                return $"notifications.create: the notification is larger than {Manifest.FileLimits.Bytes(limits.MaxNotificationBytes)} as JSON ({BrowserUiLimits.MaxNotificationBytesKey})";
            var replaces = _shown.Remove(id);
            if (!replaces && _shown.Count >= limits.MaxNotifications)
                return $"notifications.create: the extension already shows {limits.MaxNotifications} notifications, the most it may ({BrowserUiLimits.MaxNotificationsKey})";
            _shown.Add(id, optionsJson);
            return null;
        }
    }

    /// <summary>
    /// Changes a shown notification's options with <paramref name="update"/> (old options in, new ones out); Shown is false
    /// when it is not shown (nothing changes), Problem the runtime's error when the new options are too large.
    /// </summary>
    public (bool Shown, string? Problem) Update(string id, Func<string, string> update, BrowserUiLimits limits)
    {
        lock (Gate)
        {
            if (!_shown.TryGetValue(id, out var old)) return (false, null);
            var optionsJson = update(old);
            if (2L * (id.Length + optionsJson.Length) > limits.MaxNotificationBytes)
                return (true, $"notifications.update: the notification is larger than {Manifest.FileLimits.Bytes(limits.MaxNotificationBytes)} as JSON ({BrowserUiLimits.MaxNotificationBytesKey})");
            _shown[id] = optionsJson;
            return (true, null);
        }
    }

    public string? OptionsOf(string id)
    {
        lock (Gate) return _shown.GetValueOrDefault(id);
    }

    /// <summary>Takes the notification away; false when it was not shown.</summary>
    public bool Close(string id)
    {
        lock (Gate) return _shown.Remove(id);
    }

    public void CloseAll()
    {
        lock (Gate) _shown.Clear();
    }

    /// <summary>Every shown notification, oldest first.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> All()
    {
        lock (Gate) return _shown.ToList();
    }
}
