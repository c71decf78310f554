using ActorRuntime.Scripting;
using Jint;
using Jint.Native;

namespace ActorRuntime.Tests.Scripting;

/// <summary>
/// The built-ins that describe, define or lock every property of a large object check the budget as they go, and give
/// exactly what Jint's own give.
/// </summary>
public class BoundedBuiltinsTests
{
    /// <summary>Every case of <see cref="Cases"/>, and a few calls one extension could use against the node.</summary>
    private const string Cases = """
        var N = 20000;
        function big() { var a = []; for (var i = 0; i < N; i++) a.push(i % 7); return a; }
        function holey() { var a = big(); delete a[5]; delete a[N - 1]; a.length = N + 3; return a; }
        function sig(x) { return JSON.stringify([Array.isArray(x), x.length, Object.keys(x).length, x[0], x[5], 5 in x, x[x.length - 1], (x.length - 1) in x, Object.getPrototypeOf(x) === Array.prototype]); }
        var cases = {
          slice: () => sig(big().slice()),
          sliceRange: () => sig(big().slice(3, -2)),
          sliceNeg: () => sig(big().slice(-19000)),
          sliceStr: () => sig(big().slice("2", "19999")),
          sliceHoles: () => sig(holey().slice()),
          sliceProtoHole: () => { Array.prototype[5] = "P"; try { var s = holey().slice(); return sig(s) + Object.prototype.hasOwnProperty.call(s, 5); } finally { delete Array.prototype[5]; } },
          sliceGetter: () => { var a = big(); var log = []; Object.defineProperty(a, 3, { get() { log.push("g"); return "G"; } }); var s = a.slice(); return sig(s) + s[3] + log.join(); },
          sliceSpecies: () => { class M extends Array {} var m = M.from(big()); var s = m.slice(); return (s instanceof M) + sig(s); },
        concat: () => sig(big().concat(big(), 5, "x", [1, , 3])),
          concatHoles: () => sig(holey().concat(holey())),
          concatSpread: () => { var o = { length: 2, 0: "a", 1: "b", [Symbol.isConcatSpreadable]: true }; return sig(big().concat(o)); },
          concatNotSpread: () => { var a = big(); a[Symbol.isConcatSpreadable] = false; return sig([].concat(a, big())); },
          concatMany: () => sig([].concat.apply([], Array(30).fill(big().slice(0, 1000)))),
          concatObj: () => sig(big().concat({ a: 1 })),
          gopd: () => { var d = Object.getOwnPropertyDescriptors(big()); return JSON.stringify([Object.keys(d).length, d[0], d.length, d[N - 1]]); },
          gopdObj: () => { var o = {}; for (var i = 0; i < N; i++) o["k" + i] = i; Object.defineProperty(o, "g", { get() { return 1; }, enumerable: false }); o[Symbol.for("s")] = 1; var d = Object.getOwnPropertyDescriptors(o); return JSON.stringify([Reflect.ownKeys(d).length, Object.keys(d).slice(0, 3), d.k5, typeof d.g.get, d.g.enumerable, String(Reflect.ownKeys(d).pop())]); },
          gopdInts: () => { var o = {}; for (var i = N; i > 0; i--) o[i] = i; o.z = 1; var d = Object.getOwnPropertyDescriptors(o); return JSON.stringify(Object.keys(d).slice(0, 3).concat(Object.keys(d).slice(-2))); },
          defineProps: () => { var p = {}; for (var i = 0; i < N; i++) p["k" + i] = { value: i, enumerable: i % 2 == 0 }; Object.defineProperty(p, "hidden", { value: { value: 1 }, enumerable: false }); var o = Object.defineProperties({}, p); return JSON.stringify([Object.keys(o).length, Object.getOwnPropertyNames(o).length, o.k7, "hidden" in o, Object.getOwnPropertyDescriptor(o, "k2")]); },
          defineBad: () => { var p = {}; for (var i = 0; i < N; i++) p["k" + i] = { value: i }; p.bad = 5; try { Object.defineProperties({}, p); return "no error"; } catch (e) { return e.constructor.name; } },
          defineRedefine: () => { var p = {}; for (var i = 0; i < N; i++) p["k" + i] = { value: i }; var o = Object.freeze({ k3: 1 }); try { Object.defineProperties(o, p); return "no error"; } catch (e) { return e.constructor.name + ": " + e.message; } },
          create: () => { var p = {}; for (var i = 0; i < N; i++) p["k" + i] = { value: i, enumerable: true }; var proto = { q: 1 }; var o = Object.create(proto, p); return JSON.stringify([Object.getPrototypeOf(o) === proto, Object.keys(o).length, o.k9, o.q]); },
          createBadProto: () => { var p = {}; for (var i = 0; i < N; i++) p["k" + i] = { value: i }; try { Object.create(5, p); return "no error"; } catch (e) { return e.constructor.name; } },
          freeze: () => { var a = big(); a.x = 1; Object.defineProperty(a, "acc", { get() { return 1; }, configurable: true }); var r = Object.freeze(a); var d = Object.getOwnPropertyDescriptor(a, "acc"); return JSON.stringify([r === a, Object.isFrozen(a), Object.isSealed(a), Object.isExtensible(a), Object.getOwnPropertyDescriptor(a, 7), Object.getOwnPropertyDescriptor(a, "length"), d.configurable, typeof d.get]); },
          seal: () => { var o = {}; for (var i = 0; i < N; i++) o["k" + i] = i; Object.seal(o); o.k1 = "w"; return JSON.stringify([Object.isSealed(o), Object.isFrozen(o), o.k1, Object.getOwnPropertyDescriptor(o, "k2")]); },
          isFrozenPartial: () => { var o = {}; for (var i = 0; i < N; i++) o["k" + i] = i; Object.preventExtensions(o); var a = Object.isFrozen(o); Object.seal(o); var b = [Object.isSealed(o), Object.isFrozen(o)]; Object.defineProperty(o, "k" + (N - 1), { writable: false }); return JSON.stringify([a, b]); },
          frozenArrayWrite: () => { "use strict"; var a = Object.freeze(big()); try { a[0] = 9; return "no error"; } catch (e) { return e.constructor.name + a[0]; } },
          gopdString: () => { var d = Object.getOwnPropertyDescriptors("ab".repeat(N)); return JSON.stringify([Object.keys(d).length, d[0], d.length]); },
          gopdTyped: () => { var d = Object.getOwnPropertyDescriptors(new Uint8Array(N)); return JSON.stringify([Object.keys(d).length, d[5]]); },
          freezeTyped: () => { try { Object.freeze(new Uint8Array(N)); return "no error"; } catch (e) { return e.constructor.name + ": " + e.message; } },
          sealTyped: () => { var t = Object.seal(new Uint8Array(N)); return JSON.stringify([Object.isSealed(t), Object.isExtensible(t), t.length]); },
          freezeFunction: () => { var f = function named(a, b) {}; for (var i = 0; i < N; i++) f["k" + i] = i; Object.freeze(f); return JSON.stringify([Object.isFrozen(f), Object.getOwnPropertyDescriptor(f, "k3"), Object.getOwnPropertyDescriptor(f, "name"), Object.getOwnPropertyDescriptor(f, "length")]); },
          shortArrayManyKeys: () => { var a = [1, 2]; for (var i = 0; i < N; i++) a["k" + i] = i; var d = Object.getOwnPropertyDescriptors(a); Object.freeze(a); return JSON.stringify([Object.keys(d).length, d.length, Object.isFrozen(a)]); },
          argumentsObject: () => (function () { var d = Object.getOwnPropertyDescriptors(arguments); Object.seal(arguments); return JSON.stringify([Object.keys(d).length, d[1], Object.isSealed(arguments)]); }).apply(null, big()),
          errorManyKeys: () => { var e = new Error("m"); for (var i = 0; i < N; i++) e["k" + i] = i; var d = Object.getOwnPropertyDescriptors(e); Object.freeze(e); return JSON.stringify([Object.keys(d).length, d.message, Object.isFrozen(e)]); },
          definePropsString: () => { try { return JSON.stringify(Object.keys(Object.defineProperties({}, "x".repeat(N)))); } catch (e) { return e.constructor.name; } },
          proxyTarget: () => { var log = 0; var p = new Proxy(big(), { getOwnPropertyDescriptor(t, k) { log++; return Reflect.getOwnPropertyDescriptor(t, k); } }); var d = Object.getOwnPropertyDescriptors(p); return JSON.stringify([Object.keys(d).length, log]); },
          weakRefKept: () => { var r = new WeakRef({}); Object.freeze({}); Object.seal({}); Object.getOwnPropertyDescriptors({}); Object.defineProperties({}, {}); Object.create(null, {}); return typeof r.deref(); },
          stackInsideTrap: () => { var s; Object.freeze(new Proxy({}, { preventExtensions(t) { s = new Error('x').stack; return Reflect.preventExtensions(t); } })); return s; },
          names: () => [Array.prototype.slice.name, Array.prototype.slice.length, Array.prototype.concat.length, Object.create.length, Object.defineProperties.length, Object.freeze.name, Object.isSealed.length, Object.getOwnPropertyDescriptors.length, Object.getOwnPropertyDescriptor(Object, "freeze").enumerable, Object.getOwnPropertyDescriptor(Array.prototype, "slice").writable, String(Object.freeze).replace(/\s+/g, " ")].join(),
          small: () => sig([1, 2, 3].slice(1)) + sig([1].concat([2], 3)) + Object.isFrozen(Object.freeze({ a: 1 })),
          primitives: () => JSON.stringify([Object.freeze(5), Object.isFrozen("x"), Object.isSealed(1)]),
          sliceThisObject: () => sig(Array.prototype.slice.call({ length: N, 0: "a", 5: "b" })),
        };
        """;

    [Fact]
    public void Large_inputs_give_what_the_engines_own_built_ins_give()
    {
        var plain = new Engine();
        var bounded = Bounded(new NeverStops());
        plain.Execute(Cases);
        bounded.Execute(Cases);
        var names = plain.Evaluate("Object.keys(cases)").AsArray();
        Assert.True(names.Length > 25);
        foreach (var name in names)
        {
            var call = $"(() => {{ try {{ return cases[{JsonString(name)}](); }} catch (e) {{ return 'threw ' + e; }} }})()";
            Assert.Equal(plain.Evaluate(call).ToString(), bounded.Evaluate(call).ToString());
        }
    }

    [Theory]
    [InlineData("Object.getOwnPropertyDescriptors(a)")]
    [InlineData("Object.getOwnPropertyDescriptors(o)")]
    [InlineData("Object.defineProperties({}, descriptors)")]
    [InlineData("Object.create(null, descriptors)")]
    [InlineData("Object.freeze(a)")]
    [InlineData("Object.seal(o)")]
    [InlineData("Object.getOwnPropertyDescriptors(s)")]
    [InlineData("Object.getOwnPropertyDescriptors(t)")]
    [InlineData("Object.freeze(f)")]
    [InlineData("Object.getOwnPropertyDescriptors(shortArray)")]
    public void One_call_on_a_large_input_is_stopped_inside(string call)
    {
        var budget = new NeverStops();
        var engine = Bounded(budget);
        engine.Execute("""
            var a = []; for (var i = 0; i < 200000; i++) a.push(i);
            var o = {}; for (var i = 0; i < 200000; i++) o['k' + i] = i;
            var descriptors = {}; for (var i = 0; i < 200000; i++) descriptors['k' + i] = { value: i, enumerable: true };
            var s = 'ab'.repeat(100000), t = new Uint8Array(200000);
            var f = function () {}; for (var i = 0; i < 200000; i++) f['k' + i] = i;
            var shortArray = [1]; for (var i = 0; i < 200000; i++) shortArray['k' + i] = i;
            """);
        // From here on the budget is spent: Jint checks a constraint between statements, so a built-in that never
        // checks would finish its whole call before the next statement stopped it.
        budget.StopAfter(checks: 3);
        var stopped = Assert.Throws<Stopped>(() => engine.Execute(call));
        Assert.True(stopped.Checks <= 4);
    }

    [Fact]
    public void A_stopped_definition_of_many_properties_leaves_the_rest_undone()
    {
        var budget = new NeverStops();
        var engine = Bounded(budget);
        engine.Execute("""
            var target = {};
            var descriptors = {}; for (var i = 0; i < 100000; i++) descriptors['k' + i] = { value: i, enumerable: true };
            """);
        budget.StopAfter(checks: 50);
        Assert.Throws<Stopped>(() => engine.Execute("Object.defineProperties(target, descriptors)"));
        budget.StopAfter(checks: int.MaxValue);
        // Descriptors are all read before any is defined (ObjectDefineProperties), and reading 100,000 takes ~100 checks.
        Assert.Equal(0, engine.Evaluate("Object.keys(target).length").AsNumber());
    }

    private static Engine Bounded(Constraint budget)
    {
        var engine = new Engine(options => options.Constraint(budget));
        BoundedBuiltins.Install(engine, budget);
        return engine;
    }

    private static string JsonString(JsValue name) => System.Text.Json.JsonSerializer.Serialize(name.ToString());

    private sealed class Stopped(int checks) : Exception($"stopped after {checks} checks")
    {
        public int Checks { get; } = checks;
    }

    /// <summary>A budget that lasts until told how many more checks it allows.</summary>
    private sealed class NeverStops : Constraint
    {
        private int _allowed = int.MaxValue;
        private int _checks;

        public void StopAfter(int checks)
        {
            _allowed = checks;
            _checks = 0;
        }

        public override void Check()
        {
            if (++_checks > _allowed) throw new Stopped(_checks);
        }

        public override void Reset()
        {
        }
    }
}
