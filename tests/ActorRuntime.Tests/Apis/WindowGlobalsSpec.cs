using ActorRuntime.Kernel;
using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Apis;

/// <summary>The globals every page has besides the DOM, with the browsers' errors per flavour.</summary>
public sealed class WindowGlobalsSpec : RuntimeSpec
{
    private Task<LoadedExtension> Extension(Flavor flavor = Flavor.Mdn) => Load(Manifests.Standard(Manifests.PersistentScripts, ""), flavor);

    [Fact]
    public async Task Base64_round_trips_latin1_and_decodes_forgivingly()
    {
        var e = await Extension();
        Assert.Equal("""["aGk=","hi","hi","hé",""]""", await e.EvaluateAsync("background", "[btoa('hi'), atob(' aG\\nk= '), atob('aGk'), atob(btoa('hé')), atob('')]"));
    }

    [Theory]
    [InlineData(Flavor.Firefox, "atob('%')", "Uncaught InvalidCharacterError: String contains an invalid character")]
    [InlineData(Flavor.Chrome, "atob('%')", "Uncaught InvalidCharacterError: Failed to execute 'atob' on 'Window': The string to be decoded is not correctly encoded.")]
    [InlineData(Flavor.Firefox, "btoa('€')", "Uncaught InvalidCharacterError: String contains an invalid character")]
    [InlineData(Flavor.Chrome, "btoa('€')", "Uncaught InvalidCharacterError: Failed to execute 'btoa' on 'Window': The string to be encoded contains characters outside of the Latin1 range.")]
    [InlineData(Flavor.Chrome, "crypto.getRandomValues(new Float32Array(2))", "Uncaught TypeMismatchError: Failed to execute 'getRandomValues' on 'Crypto': The provided ArrayBufferView is of type 'Float32Array', which is not an integer array type.")]
    [InlineData(Flavor.Firefox, "crypto.getRandomValues(new Uint8Array(65537))", "Uncaught QuotaExceededError: Crypto.getRandomValues: getRandomValues can only generate maximum 65536 bytes")]
    public async Task Bad_input_fails_as_the_flavours_browser_says(Flavor flavor, string code, string line)
    {
        var e = await Extension(flavor);
        var failure = await Assert.ThrowsAsync<ScriptFailureException>(() => e.EvaluateAsync("background", code));
        Assert.Equal(line, failure.Message);
    }

    [Theory]
    [InlineData("false", "cancel", "[false,null]")]
    [InlineData("true", "typed by the host", "[true,\"typed by the host\"]")]
    public async Task The_host_says_what_dialogs_answer(string confirm, string prompt, string expected)
    {
        var options = RuntimeOptions.FromConfig(Akka.Configuration.ConfigurationFactory.ParseString($"actorruntime.dialogs {{ confirm = {confirm}, prompt = \"{prompt}\" }}")
            .WithFallback(RuntimeOptions.DefaultConfig));
        var e = await Load(Manifests.Standard(Manifests.PersistentScripts, ""), Options(Flavor.Mdn) with
        {
            ConfirmAnswer = options.ConfirmAnswer,
            PromptAnswer = options.PromptAnswer,
            PromptCancels = options.PromptCancels,
        });
        Assert.Equal(expected, await e.EvaluateAsync("background", "[confirm('sure?'), prompt('name?', 'default')]"));
    }

    [Fact]
    public async Task Dialogs_print_on_the_console_and_answer_as_nobody_is_there()
    {
        var e = await Extension();
        await e.OpenAsync("popup");
        Assert.Equal("""[null,true,"default",""]""", await e.EvaluateAsync("popup", "[alert('hello') ?? null, confirm('sure?'), prompt('name?', 'default'), prompt('again?')]"));
        Assert.Equal(["[popup] alert: hello", "[popup] confirm: sure?", "[popup] prompt: name?", "[popup] prompt: again?"],
            ConsoleLines.Where(line => line.Label == "popup").Select(line => line.ToString()));
    }

    [Theory]
    [InlineData(Flavor.Mdn, "Firefox/128.0")]
    [InlineData(Flavor.Chrome, "Chrome/131.0.0.0")]
    public async Task Navigator_says_which_browser_per_flavour(Flavor flavor, string product)
    {
        var e = await Extension(flavor);
        Assert.Equal($$"""[true,"en-US","Linux x86_64",["en-US","en"]]""",
            await e.EvaluateAsync("background", $"[navigator.userAgent.endsWith('{product}') || navigator.userAgent.includes('{product} '), navigator.language, navigator.platform, navigator.languages]"));
    }

    [Fact]
    public async Task Crypto_fills_integer_arrays_and_makes_uuids()
    {
        var e = await Extension();
        // 64 random bytes are all zero once in 2^512 runs.
        Assert.Equal("[true,true,true]", await e.EvaluateAsync("background",
            "const a = new Uint32Array(16); [crypto.getRandomValues(a) === a, a.some(v => v !== 0), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(crypto.randomUUID())]"));
    }

    [Fact]
    public async Task Performance_now_reads_the_runtimes_clock()
    {
        var e = await Extension();
        Assert.Equal("0", await e.EvaluateAsync("background", "performance.now()"));
        await e.AdvanceAsync(TimeSpan.FromMilliseconds(1500));
        Assert.Equal("1500", await e.EvaluateAsync("background", "performance.now()"));
    }

    [Fact]
    public async Task StructuredClone_copies_as_messages_are_copied()
    {
        var e = await Extension();
        Assert.Equal("[true,true,2,true,true]", await e.EvaluateAsync("background",
            "const o = { a: [1, { b: new Map([[1, 2]]) }], d: new Date(0) }; o.self = o; const c = structuredClone(o);" +
            "[c !== o, c.self === c, c.a[1].b.get(1), c.d instanceof Date, c.a !== o.a]"));
        var refused = await Assert.ThrowsAsync<ScriptFailureException>(() => e.EvaluateAsync("background", "structuredClone(() => 1)"));
        Assert.StartsWith("Uncaught DataCloneError:", refused.Message);
    }
}
