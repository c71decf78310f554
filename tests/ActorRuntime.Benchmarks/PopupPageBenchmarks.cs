using ActorRuntime.Kernel;
using BenchmarkDotNet.Attributes;

namespace ActorRuntime.Benchmarks;

/// <summary>
/// A popup with a DOM (2 KB of HTML, 5 KB of script; see <see cref="PopupPage"/>): opened and loaded through its
/// <c>load</c> event, then closed, warm; and a user's click whose listener updates one element. Both are measured from
/// C# through the runtime's front door (asks to the extension's actors), as a test or a host drives a popup; the
/// baseline is the same round trip evaluating a constant. The jsdom peer (Peers/jsdom-popup.mjs) loads the same
/// files in the same run (see Program.cs).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class PopupPageBenchmarks
{
    private ExtensionRuntime _runtime = null!;
    private LoadedExtension _extension = null!;

    /// <summary>Where the page was written, for the peer.</summary>
    public static string? Folder { get; private set; }

    [GlobalSetup(Target = nameof(OpenThroughLoadAndClose))]
    public void Setup()
    {
        _runtime = ExtensionRuntime.Start(RuntimeOptions.FromConfig(RuntimeOptions.DefaultConfig), BenchmarkExtensions.InMemoryStorage);
        Folder = PopupPage.WriteExtension();
        _extension = _runtime.LoadAsync(Folder).GetAwaiter().GetResult();
        _extension.SettleAsync().GetAwaiter().GetResult();
    }

    [GlobalSetup(Targets = [nameof(ClickUpdatesOneElement), nameof(EvalConstant)])]
    public void SetupWithPopupOpen()
    {
        Setup();
        _extension.OpenAsync("popup").GetAwaiter().GetResult();
        _extension.SettleAsync().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _runtime.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, Description = "eval round trip of a constant in the popup (baseline)")]
    public Task<string> EvalConstant() => _extension.EvaluateAsync("popup", "0");

    [Benchmark(Description = "open the popup through load, then close it")]
    public async Task OpenThroughLoadAndClose()
    {
        await _extension.OpenAsync("popup");
        await _extension.CloseAsync("popup");
    }

    [Benchmark(Description = "--click whose listener updates one element")]
    public Task<PageActionResult> ClickUpdatesOneElement() => _extension.ActAsync("popup", new PageAction(PageActionKind.Click, "#increment"));
}
