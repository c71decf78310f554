using ActorRuntime.Kernel;
namespace ActorRuntime.Contexts;

/// <summary>
/// Requests a context sent (to its supervisor, its storage) whose answers come back on a later turn. Each counts as
/// outstanding work of the extension until it is answered or the context goes. Touched only during turns.
/// </summary>
internal sealed class PendingRequests(ExtensionKernel extension)
{
    private readonly Dictionary<long, Action<object>> _waiting = new();
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
        extension.Work.End();
        onAnswer(answer);
    }

    /// <summary>The context is going: nothing it asked for is waited for any more.</summary>
    public void Abandon()
    {
        foreach (var _ in _waiting) extension.Work.End();
        _waiting.Clear();
    }
}
