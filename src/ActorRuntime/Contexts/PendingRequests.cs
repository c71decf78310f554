using ActorRuntime.Kernel;
namespace ActorRuntime.Contexts;

/// <summary>
/// Requests a context sent (to its supervisor, its storage) whose answers come back on a later turn. Each counts as
/// outstanding work of the extension until it is answered or the context goes. Touched only during turns.
/// </summary>
internal sealed class PendingRequests(ExtensionKernel extension)
{
    private readonly Dictionary<long, Action<object>> _waiting = new();

    // Requests whose answer waits for the runtime's clock, with the timer that brings it: not counted as work meanwhile
    // (a pending timer is not either); the timers go with the context, so none brings an answer to a stopped one.
    private Dictionary<long, ITimer>? _onClock;
    private long _nextId;

    /// <summary>Registers <paramref name="onAnswer"/> and returns the id the answer will carry.</summary>
    public long Register<TAnswer>(Action<TAnswer> onAnswer)
    {
        var id = ++_nextId;
        _waiting[id] = answer => onAnswer((TAnswer)answer);
        extension.Work.Begin();
        return id;
    }

    /// <summary>Runs the callback of request <paramref name="id"/>; an answer for a request no longer waited for is ignored.</summary>
    public void Complete(long id, object answer)
    {
        if (!_waiting.Remove(id, out var onAnswer)) return;
        if (_onClock?.Remove(id, out var timer) == true) timer.Dispose();
        else extension.Work.End();
        onAnswer(answer);
    }

    /// <summary>
    /// Request <paramref name="id"/>'s answer comes when the clock has moved <paramref name="delay"/> on: it stops counting as
    /// work, and <paramref name="deliver"/> (on the clock's thread) sends the answer back then.
    /// </summary>
    public void WaitOnClock(long id, TimeSpan delay, Action deliver)
    {
        if (!_waiting.ContainsKey(id) || _onClock?.ContainsKey(id) == true) return;
        extension.Work.End();
        (_onClock ??= [])[id] = extension.Clock.CreateTimer(_ => deliver(), null, delay, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The context is going: nothing it asked for is waited for any more.</summary>
    public void Abandon()
    {
        foreach (var id in _waiting.Keys)
            if (_onClock?.ContainsKey(id) != true) extension.Work.End();
        _waiting.Clear();
        if (_onClock is not null)
            foreach (var timer in _onClock.Values) timer.Dispose();
        _onClock = null;
    }
}
