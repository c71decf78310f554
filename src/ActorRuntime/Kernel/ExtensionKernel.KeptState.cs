namespace ActorRuntime.Kernel;

internal sealed partial class ExtensionKernel
{
    private KeptBrowserState? _keptState;

    /// <summary>What the browser keeps of the extension across restarts, and its saving to the extension's storage.</summary>
    internal KeptBrowserState KeptState => LazyInitializer.EnsureInitialized(ref _keptState, () => new KeptBrowserState(this));
}
