using ActorRuntime.Kernel;
using ActorRuntime.Contexts;
using ActorRuntime.Scripting;
using BenchmarkDotNet.Attributes;
using Jint;
using Jint.Native;

namespace ActorRuntime.Benchmarks;

/// <summary>
/// <c>page.foo(x)</c> from the popup through the scope proxy, against <c>foo(x)</c> inside the
/// background engine itself. Both are entered from C# the same way, on the extension's loop turn.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class ProxiedCallBenchmarks
{
    private ExtensionRuntime _runtime = null!;
    private ExtensionKernel _state = null!;
    private ContextRealm _popup = null!;
    private ContextRealm _background = null!;
    private JsValue _proxiedCaller = null!;
    private JsValue _directCaller = null!;
    private readonly JsValue[] _argument = [21];

    [GlobalSetup]
    public void Setup()
    {
        (_runtime, var extension) = BenchmarkExtensions.StartWithPopup();
        _state = extension.State;
        _background = _state.Background!;
        _popup = _state.Realms.Single(r => r.Label == "popup");
        _proxiedCaller = _popup.Engine.Evaluate("var page = browser.extension.getBackgroundPage(); (x => page.foo(x))");
        _directCaller = _background.Engine.Evaluate("(x => foo(x))");
        // The benchmark thread takes the extension's turn for the whole run, as a context actor would.
        if (!_state.Loop.TryEnter(Akka.Actor.ActorRefs.Nobody)) throw new InvalidOperationException("loop busy");
        _state.Budget.Arm();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _state.Loop.Exit();
        _runtime.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    // The turn budget is re-armed in both, as every turn does; it costs the same on each side.
    [Benchmark(Baseline = true, Description = "foo(21) inside the background engine")]
    public JsValue Direct()
    {
        _state.Budget.Arm();
        return _background.Engine.Call(_directCaller, _argument);
    }

    [Benchmark(Description = "page.foo(21) from the popup through the scope proxy")]
    public JsValue Proxied()
    {
        _state.Budget.Arm();
        return _popup.Engine.Call(_proxiedCaller, _argument);
    }
}
