using ActorRuntime.Scripting;
using System.Text;
using ActorRuntime.Contexts;
using ActorRuntime.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace ActorRuntime.Tests.Hostile.Fuzz;

/// <summary>
/// Generated values sent from a popup to a background that echoes them: each arrives back structurally equal
/// (cycles, shared references, key order, -0, NaN, bytes and prototypes kept; undefined, non-enumerable and
/// symbol-keyed members dropped), or the send fails in the popup as the flavour's browser fails it. Whatever
/// was sent, both contexts answer afterwards. One extension serves every case of a run.
/// </summary>
public sealed class StructuredCloneFuzzSpec(ITestOutputHelper output) : RuntimeSpec
{
    private const int DefaultCases = 150;

    /// <summary>The echo keeps nothing, so thousands of cases hold no memory.</summary>
    private const string Echo = "browser.runtime.onMessage.addListener((m, s, respond) => { respond(m); });";

    [Theory]
    [InlineData(Flavor.Firefox, 0)]
    [InlineData(Flavor.Chrome, 0)]
    [InlineData(Flavor.Mdn, 5000)]
    public async Task A_message_arrives_structurally_equal_or_fails_in_the_sender_and_the_extension_keeps_answering(Flavor flavor, int maxDepth)
    {
        var files = new Dictionary<string, string>(Manifests.Standard(Manifests.PersistentScripts, Echo)) { ["popup.js"] = DeepEqual };
        // A long run keeps the extension busy non-stop from the host, which the CPU-share rule would take for an
        // extension monopolising its thread (CpuShareTests and UnresponsiveExtensionSpec cover that rule).
        var limits = ActorRuntime.Scripting.ScriptLimits.Default with
        {
            CpuShare = ActorRuntime.Scripting.ScriptLimits.Default.CpuShare with { DeferAbove = 1, UnresponsiveAfter = TimeSpan.FromDays(1) },
        };
        var options = Options(flavor, limits);
        if (maxDepth > 0) options = options with { MaxMessageDepth = maxDepth };
        var extension = await Load(files, options);
        await extension.OpenAsync("popup");
        var limit = options.MaxMessageDepth;

        var property = Prop.ForAll(Arb.From(JsValueCases.Any(), value => value.Smaller()), value => RoundTrip(extension, flavor, limit, value));
        await FuzzRun.CheckAsync($"structured clone ({flavor}, max-depth {limit})", property, DefaultCases, output, seedOffset: (ulong)flavor);
    }

    /// <summary>Found by the property: the receiver could not rebuild it, and the sender's promise never settled.</summary>
    [Fact]
    public async Task A_sparse_array_longer_than_max_array_size_arrives_whole()
    {
        var files = new Dictionary<string, string>(Manifests.Standard(Manifests.PersistentScripts, Echo)) { ["popup.js"] = "" };
        var extension = await Load(files, Flavor.Firefox);
        await extension.OpenAsync("popup");
        Assert.Equal("[4294967295,true,true,1]", await extension.EvaluateAsync("popup", """
            const sent = [];
            sent[4294967294] = sent;
            sent[3] = 1;
            const got = await browser.runtime.sendMessage(sent);
            [got.length, Object.keys(got).join() === Object.keys(sent).join(), got[4294967294] === got, got[3]]
            """));
    }

    /// <summary>Found by the property: naming a proxy's type ran its traps, so a trap's error (or a revoked proxy's TypeError) escaped instead.</summary>
    [Theory]
    [InlineData("new Proxy({}, {})")]
    [InlineData("new Proxy([], { get() { throw new Error('trap ran'); }, getPrototypeOf() { throw new Error('trap ran'); } })")]
    [InlineData("(() => { const p = Proxy.revocable({}, {}); p.revoke(); return p.proxy; })()")]
    public async Task A_proxy_is_refused_with_a_DataCloneError_before_any_trap_runs(string proxy)
    {
        var files = new Dictionary<string, string>(Manifests.Standard(Manifests.PersistentScripts, Echo)) { ["popup.js"] = "" };
        var extension = await Load(files, Flavor.Firefox);
        await extension.OpenAsync("popup");
        var failure = await Assert.ThrowsAsync<ScriptFailureException>(() => extension.EvaluateAsync("popup", $"browser.runtime.sendMessage({{ inner: [{proxy}] }})"));
        Assert.StartsWith("Uncaught DataCloneError: Proxy object could not be cloned.", failure.Message);
        Assert.Equal("2", await extension.EvaluateAsync("popup", "1 + 1"));
    }

    private static async Task RoundTrip(LoadedExtension extension, Flavor flavor, int depthLimit, JsValueCase value)
    {
        var expression = new StringBuilder();
        value.Render(expression);

        // With options after it, a function sent alone is the message, not the trailing callback of sendMessage's signature.
        var code = $"const sent = {JsValueCases.Program(expression.ToString())};\nconst got = await browser.runtime.sendMessage(sent, {{}});\ndeepEqual(sent, got) ?? 'equal'";
        try
        {
            var result = await extension.EvaluateAsync("popup", code);
            if (result != "\"equal\"") throw new InvalidOperationException($"arrived different: {result}");
        }
        catch (ScriptFailureException ex) when (ex.Message.StartsWith("Uncaught Error: Message exceeds the maximum allowed size", StringComparison.Ordinal))
        {
            // Refused for its size (64 MiB): a few of the generated megabyte strings, copied into many places.
        }
        catch (ScriptFailureException ex) when (IsRefusal(ex.Message, flavor))
        {
            if (!MayBeRefused(value, depthLimit)) throw new InvalidOperationException($"a cloneable value was refused: {ex.Message}");
        }
        catch (ScriptFailureException ex)
        {
            throw new InvalidOperationException($"the send failed with another error: {ex.Message}");
        }
        catch (Exception ex) when (ex is not InvalidOperationException)
        {
            throw new InvalidOperationException(FuzzRun.Escaped(ex));
        }
        foreach (var label in new[] { "popup", "background" })
        {
            var answer = await extension.EvaluateAsync(label, "1 + 1");
            if (answer != "2") throw new InvalidOperationException($"{label} answered 1 + 1 with {answer}");
        }
    }

    /// <summary>How the sender sees a value refused: a DataCloneError (Chromium: its serialization error when too deep).</summary>
    private static bool IsRefusal(string message, Flavor flavor) =>
        message.StartsWith("Uncaught DataCloneError", StringComparison.Ordinal)
        || flavor == Flavor.Chrome && message.StartsWith("Uncaught Error: Could not serialize message.", StringComparison.Ordinal);

    /// <summary>
    /// Whether the clone may refuse the value: it holds an uncloneable value or a DataView, or its chains together come
    /// near the depth limit (a reference can hang one chain below another). Its other nesting is a few levels at most.
    /// </summary>
    private static bool MayBeRefused(JsValueCase value, int depthLimit)
    {
        var chained = 0;
        var pending = new Stack<JsValueCase>([value]);
        while (pending.TryPop(out var next))
        {
            switch (next)
            {
                case Uncloneable:
                case Leaf leaf when leaf.Source.Contains("DataView", StringComparison.Ordinal):
                    return true;
                case Deep deep:
                    chained += deep.Levels;
                    pending.Push(deep.End);
                    break;
                case Container container:
                    foreach (var (key, member, _) in container.Members)
                    {
                        pending.Push(key);
                        pending.Push(member);
                    }
                    break;
            }
        }
        return chained + 10 >= depthLimit;
    }

    /// <summary>
    /// The popup's comparison, written with an explicit stack (values nest thousands deep). It pairs each sent object
    /// with the one that arrived, both ways, so a broken cycle or a lost shared reference is a difference; null when equal.
    /// </summary>
    private const string DeepEqual = """
        function show(v) {
          if (typeof v === 'bigint') return v + 'n';
          if (typeof v === 'string') return JSON.stringify(v.length > 60 ? v.slice(0, 60) + '...' : v);
          return Object.is(v, -0) ? '-0' : String(v);
        }
        const tagOf = v => Object.prototype.toString.call(v);
        const bytesOf = v => v instanceof ArrayBuffer ? new Uint8Array(v) : new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
        const standardErrors = ['Error', 'TypeError', 'RangeError', 'SyntaxError', 'ReferenceError', 'EvalError', 'URIError'];
        // The prototype a received value must have: this page's own intrinsic for its kind.
        function expectedPrototype(tag, value) {
          const kind = tag.slice(8, -1);
          if (kind === 'Error') return globalThis[standardErrors.includes(value.name) ? value.name : 'Error'].prototype;
          return globalThis[kind].prototype;
        }
        function sameBytes(x, y) {
          const a = bytesOf(x), b = bytesOf(y);
          if (a.length !== b.length) return false;
          for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
          return true;
        }
        function deepEqual(sent, got) {
          const pairs = new Map(), back = new Map(), work = [[sent, got, '$']];
          while (work.length > 0) {
            const [x, y, path] = work.pop();
            if (typeof x !== typeof y) return path + ': ' + typeof x + ' arrived as ' + typeof y;
            if (x === null || typeof x !== 'object') {
              if (!Object.is(x, y)) return path + ': ' + show(x) + ' arrived as ' + show(y);
              continue;
            }
            if (y === null) return path + ': an object arrived as null';
            if (pairs.has(x) || back.has(y)) {
              if (pairs.get(x) !== y || back.get(y) !== x) return path + ': a shared reference or cycle was not kept';
              continue;
            }
            pairs.set(x, y);
            back.set(y, x);
            const tag = tagOf(x);
            if (tagOf(y) !== tag) return path + ': ' + tag + ' arrived as ' + tagOf(y);
            if (Object.getPrototypeOf(y) !== expectedPrototype(tag, y)) return path + ': arrived with another prototype than ' + tag;
            if (tag === '[object Date]') {
              if (!Object.is(x.getTime(), y.getTime())) return path + ': date ' + x.getTime() + ' arrived as ' + y.getTime();
            } else if (tag === '[object RegExp]') {
              if (x.source !== y.source || x.flags !== y.flags) return path + ': ' + String(x) + ' arrived as ' + String(y);
            } else if (tag === '[object Error]') {
              if (x.name !== y.name || x.message !== y.message) return path + ': ' + show(x.name + ': ' + x.message) + ' arrived as ' + show(y.name + ': ' + y.message);
            } else if (x instanceof ArrayBuffer || ArrayBuffer.isView(x)) {
              if (!sameBytes(x, y)) return path + ': the bytes of ' + tag + ' changed';
            } else if (tag === '[object Map]' || tag === '[object Set]') {
              const xs = [...x], ys = [...y];
              if (xs.length !== ys.length) return path + ': ' + xs.length + ' entries arrived as ' + ys.length;
              for (let i = 0; i < xs.length; i++) {
                if (tag === '[object Map]') work.push([xs[i][0], ys[i][0], path + '.keys[' + i + ']'], [xs[i][1], ys[i][1], path + '.values[' + i + ']']);
                else work.push([xs[i], ys[i], path + '.values[' + i + ']']);
              }
            } else {
              // Objects drop undefined members; arrays keep every slot they have (and their holes).
              const isArray = Array.isArray(x);
              const xk = Object.keys(x).filter(k => isArray || x[k] !== undefined), yk = Object.keys(y);
              if (Object.getOwnPropertySymbols(y).length > 0) return path + ': symbol-keyed members arrived';
              if (isArray && x.length !== y.length) return path + ': length ' + x.length + ' arrived as ' + y.length;
              if (xk.length !== yk.length || xk.some((k, i) => k !== yk[i])) return path + ': keys ' + show(xk.join()) + ' arrived as ' + show(yk.join());
              for (const k of xk) work.push([x[k], y[k], path + '[' + show(k) + ']']);
            }
          }
          return null;
        }
        """;
}
