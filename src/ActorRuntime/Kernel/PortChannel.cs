using ActorRuntime.Scripting;
using Jint.Native;
using Jint.Native.Object;

namespace ActorRuntime.Kernel;

/// <summary>
/// A long-lived connection from <c>runtime.connect</c> / <c>tabs.connect</c>: the opener's end and one end
/// per context whose <c>onConnect</c> listeners took it. Messages from the opener go to every receiving end,
/// messages from a receiving end go to the opener; each is a structured-clone copy delivered on a posted task.
/// Touched only during turns of the extension's loop.
/// </summary>
internal sealed class PortChannel
{
    private readonly List<PortEnd> _receivers = new();
    private readonly List<StructuredClone> _backlog = new();
    private int _pendingReceivers;
    private bool _everConnected;

    /// <param name="makePort">Builds the <c>Port</c> object of an end (the API layer's): the end, the sender it shows, and its onMessage and onDisconnect objects.</param>
    public PortChannel(string name, ContextRealm opener, Func<PortEnd, ContextRealm?, ObjectInstance, ObjectInstance, ObjectInstance> makePort)
    {
        Name = name;
        MakePort = makePort;
        Opener = new PortEnd(this, opener, sender: null);
    }

    public Func<PortEnd, ContextRealm?, ObjectInstance, ObjectInstance, ObjectInstance> MakePort { get; }

    public string Name { get; }
    public PortEnd Opener { get; }

    public bool HasReceivers => _receivers.Count > 0;

    public void ExpectReceiver() => _pendingReceivers++;

    /// <summary>A receiving context's onConnect listeners ran: it keeps an end when it had listeners.</summary>
    public void ReceiverSettled(PortEnd? end)
    {
        _pendingReceivers--;
        if (end is not null)
        {
            _everConnected = true;
            _receivers.Add(end);
            // What the opener posted before this end existed reaches it after its onConnect listeners ran.
            foreach (var message in _backlog) end.Deliver(message);
            if (!Opener.IsConnected)
            {
                _receivers.Remove(end);
                end.DisconnectedByPeer(null);
            }
        }
        if (_pendingReceivers > 0) return;
        _backlog.Clear();
        if (_receivers.Count == 0) Opener.DisconnectedByPeer(_everConnected ? null : MessageExchange.NoReceiver);
    }

    public void Post(PortEnd from, StructuredClone message)
    {
        if (ReferenceEquals(from, Opener))
        {
            if (_pendingReceivers > 0) _backlog.Add(message);
            foreach (var end in _receivers) end.Deliver(message);
        }
        else
            Opener.Deliver(message);
    }

    /// <summary>An end disconnected (by script or because its context went): the other side hears it.</summary>
    public void Disconnected(PortEnd end)
    {
        if (ReferenceEquals(end, Opener))
        {
            foreach (var receiver in _receivers) receiver.DisconnectedByPeer(null);
            _receivers.Clear();
            return;
        }
        if (!_receivers.Remove(end)) return;
        if (_receivers.Count == 0 && _pendingReceivers == 0) Opener.DisconnectedByPeer(null);
    }
}

/// <summary>One end of a <see cref="PortChannel"/>: the <c>Port</c> object one context's scripts hold.</summary>
internal sealed class PortEnd
{
    private readonly ExtensionEvent _onMessage;
    private readonly ExtensionEvent _onDisconnect;

    public PortEnd(PortChannel channel, ContextRealm realm, ContextRealm? sender)
    {
        Channel = channel;
        Realm = realm;
        _onMessage = new ExtensionEvent(realm, "Port.onMessage", ExtensionEventRules.For(realm.Extension.Flavor));
        _onDisconnect = new ExtensionEvent(realm, "Port.onDisconnect", ExtensionEventRules.For(realm.Extension.Flavor));
        Port = channel.MakePort(this, sender, _onMessage.Target, _onDisconnect.Target);
        realm.OpenPorts.Add(this);
        realm.Extension.ChannelsChanged();
    }

    public PortChannel Channel { get; }
    public ContextRealm Realm { get; }
    public ObjectInstance Port { get; }
    public bool IsConnected { get; private set; } = true;

    /// <summary>Runs this end's onMessage listeners with a copy, on a task of the loop.</summary>
    public void Deliver(StructuredClone message) => Realm.Extension.Loop.Post(Realm, () =>
    {
        if (!IsConnected) return;
        Realm.Extension.NoteBackgroundActivity(Realm.Info);
        _onMessage.Dispatch(message.Materialize(Realm), Port);
    });

    /// <summary><c>port.disconnect()</c>: the other side's onDisconnect fires, never this side's.</summary>
    public void Disconnect()
    {
        if (!IsConnected) return;
        Close(notify: true);
    }

    /// <summary>The other side went: onDisconnect fires here on a later task, with <c>port.error</c> set when there was never anyone.</summary>
    public void DisconnectedByPeer(string? error)
    {
        if (!IsConnected) return;
        IsConnected = false;
        Realm.OpenPorts.Remove(this);
        Realm.Extension.Loop.Post(Realm, () =>
        {
            if (error is not null)
            {
                var errorObject = new JsObject(Realm.Engine);
                errorObject.FastSetDataProperty("message", error);
                Port.Set("error", errorObject);
            }
            _onDisconnect.Dispatch(Port);
        });
        Realm.Extension.ChannelsChanged();
    }

    public void Close(bool notify)
    {
        if (!IsConnected) return;
        IsConnected = false;
        Realm.OpenPorts.Remove(this);
        if (notify) Channel.Disconnected(this);
        Realm.Extension.ChannelsChanged();
    }
}
