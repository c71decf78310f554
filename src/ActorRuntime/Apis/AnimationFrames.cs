using Jint;
using ActorRuntime.Kernel;
using ActorRuntime.Scripting;
using Jint.Native;
using Jint.Runtime;
using Jint.Runtime.Interop;

namespace ActorRuntime.Apis;

/// <summary>
/// <c>requestAnimationFrame</c> and <c>cancelAnimationFrame</c> of one page, on the runtime's clock: frames come every
/// 16 ms of it (at whole multiples of 16 ms since the page was made), and a frame runs the callbacks requested before
/// it began, in order, each with the frame's time as <c>performance.now()</c> reads it. The next frame is one of the
/// context's timers (so the virtual clock drives it, and a fired frame counts as work until it has run); there is one
/// only while callbacks wait for it.
/// </summary>
internal sealed class AnimationFrames
{
    private const double FrameMilliseconds = 16;

    private readonly IContextHost _host;
    private readonly ContextRealm _realm;
    private readonly TimeProvider _clock;
    private readonly DateTimeOffset _origin;
    private readonly List<(int Handle, JsValue Callback)> _callbacks = [];
    private int _lastHandle;
    private int _frameTimer;
    private JsValue? _runFrame;

    private AnimationFrames(IContextHost host, DateTimeOffset origin)
    {
        _host = host;
        _realm = host.Realm;
        _clock = host.Extension.Clock;
        _origin = origin;
    }

    /// <param name="origin">When the page was made: what <c>performance.now()</c> and the frames count from.</param>
    public static void Install(IContextHost host, DateTimeOffset origin)
    {
        var frames = new AnimationFrames(host, origin);
        var global = frames._realm.Global;
        global.Method("requestAnimationFrame", (_, args) => frames.Request(args));
        global.Method("cancelAnimationFrame", (_, args) => frames.Cancel(args));
    }

    private double Now() => (_clock.GetUtcNow() - _origin).TotalMilliseconds;

    private JsValue Request(JsValue[] args)
    {
        var chrome = _host.Extension.Flavor == Flavor.Chrome;
        if (args.Length == 0) throw ArgumentRequired("requestAnimationFrame", chrome);
        if (!args[0].IsCallable())
            throw TypeError(chrome
                ? "Failed to execute 'requestAnimationFrame' on 'Window': The callback provided as parameter 1 is not a function."
                : "Window.requestAnimationFrame: Argument 1 is not callable.");
        var handle = ++_lastHandle;
        _callbacks.Add((handle, args[0]));
        if (_frameTimer == 0)
        {
            var untilFrame = Math.Ceiling(FrameMilliseconds - Now() % FrameMilliseconds);
            _runFrame ??= new ClrFunction(_realm.Engine, "", (_, _) => RunFrame());
            _frameTimer = _host.Timers.Start(_realm, _runFrame, [], untilFrame <= 0 ? FrameMilliseconds : untilFrame, repeat: false, nested: false);
        }
        return handle;
    }

    private JsValue Cancel(JsValue[] args)
    {
        if (args.Length == 0) throw ArgumentRequired("cancelAnimationFrame", _host.Extension.Flavor == Flavor.Chrome);
        var handle = TypeConverter.ToInt32(args[0]);
        var at = _callbacks.FindIndex(c => c.Handle == handle);
        if (at < 0) return JsValue.Undefined;
        _callbacks.RemoveAt(at);
        if (_callbacks.Count == 0 && _frameTimer != 0)
        {
            _host.Timers.Clear(_realm, _frameTimer);
            _frameTimer = 0;
        }
        return JsValue.Undefined;
    }

    /// <summary>HTML's "run the animation frame callbacks": those requested before the frame, unless canceled meanwhile.</summary>
    private JsValue RunFrame()
    {
        _frameTimer = 0;
        var now = Now();
        var realm = _realm;
        foreach (var (handle, _) in _callbacks.ToArray())
        {
            var at = _callbacks.FindIndex(c => c.Handle == handle);
            if (at < 0) continue;
            var callback = _callbacks[at].Callback;
            _callbacks.RemoveAt(at);
            realm.CallReporting(callback, JsValue.Undefined, [now]);
        }
        return JsValue.Undefined;
    }

    private JavaScriptException ArgumentRequired(string member, bool chrome) => TypeError(chrome
        ? $"Failed to execute '{member}' on 'Window': 1 argument required, but only 0 present."
        : $"Window.{member}: At least 1 argument required, but only 0 passed");

    private JavaScriptException TypeError(string message) => new(_realm.Engine.Intrinsics.TypeError, message);
}
