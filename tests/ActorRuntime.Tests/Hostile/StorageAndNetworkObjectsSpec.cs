using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Hostile;

/// <summary>
/// The Storage, Fetch and XMLHttpRequest objects pages get expose nothing of .NET: no CLR member on any of them or their
/// prototypes, the realm's own Function behind their constructors, and members that fail as JavaScript errors (a
/// TypeError for a wrong receiver) whatever they are called on or with.
/// </summary>
public sealed class StorageAndNetworkObjectsSpec : RuntimeSpec
{
    private const string Objects = """
        const objects = () => ({
          localStorage, sessionStorage, headers: new Headers([['a', '1']]), request: new Request('https://x.example/', { method: 'POST', body: 'b' }),
          response: new Response('x'), xhr: new XMLHttpRequest(), upload: new XMLHttpRequest().upload, progress: new ProgressEvent('load'),
          storageEvent: new StorageEvent('storage', { key: 'k', storageArea: localStorage }),
        });
        """;

    [Theory]
    [MemberData(nameof(AllFlavors))]
    public async Task No_member_of_them_or_their_prototypes_is_a_CLR_one_and_wrong_receivers_are_TypeErrors(Flavor flavor)
    {
        var e = await Load(Manifests.Standard(Manifests.PersistentScripts, ""), flavor);
        Assert.Equal("[[],[]]", await e.EvaluateAsync("background", Objects + """
            const clr = ['GetType', 'Equals', 'GetHashCode', 'ToString', 'Target', 'Engine', 'MemberwiseClone', 'Area', 'Body'];
            const found = [];
            for (const [name, o] of Object.entries(objects())) {
              for (let p = o; p; p = Object.getPrototypeOf(p))
                for (const key of Object.getOwnPropertyNames(p)) if (clr.includes(key)) found.push(name + '.' + key);
              if (o.constructor.constructor !== Function) found.push(name + ': foreign Function');
            }
            const wrong = [];
            for (const [name, o] of Object.entries(objects())) {
              for (let proto = Object.getPrototypeOf(o); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto))
                for (const key of Object.getOwnPropertyNames(proto)) {
                  const d = Object.getOwnPropertyDescriptor(proto, key);
                  const f = d.get || (typeof d.value === 'function' ? d.value : null);
                  if (!f || key === 'constructor') continue;
                  try { f.call({}); wrong.push(name + '.' + key + ' took a plain object'); }
                  catch (err) { if (!(err instanceof TypeError)) wrong.push(name + '.' + key + ': ' + err); }
                }
            }
            [found, wrong]
            """));
    }

    [Fact]
    public async Task Hostile_arguments_to_every_member_fail_as_JavaScript_errors()
    {
        var e = await Load(Manifests.Standard(Manifests.PersistentScripts, ""));
        // Every method and setter with values that break conversions: what is thrown must be a JavaScript value (the
        // evaluation itself would fail with the runtime's internal error otherwise).
        Assert.Equal("true", await e.EvaluateAsync("background", Objects + """
            const hostile = [Symbol('s'), { toString() { throw 7; } }, -1, 2 ** 53, NaN, null, undefined, {}, [[1, 2, 3]], new ArrayBuffer(2), 'x'.repeat(1000)];
            for (const o of Object.values(objects())) {
              for (let proto = Object.getPrototypeOf(o); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto))
                for (const key of Object.getOwnPropertyNames(proto)) {
                  if (key === 'constructor' || key === 'send' || key === 'abort' || key === 'dispatchEvent') continue;
                  const d = Object.getOwnPropertyDescriptor(proto, key);
                  for (const a of hostile) for (const b of hostile.slice(0, 4)) {
                    try { typeof d.value === 'function' ? d.value.call(o, a, b) : d.set?.call(o, a); } catch (err) { if (err !== 7 && !(err instanceof Error) && !(err instanceof DOMException)) throw new Error('odd throw'); }
                  }
                }
            }
            for (const a of hostile) { try { new Headers(a); } catch {} try { new Response(a, a); } catch {} try { new Request(a, a); } catch {} fetch(a, a).catch(() => {}); }
            true
            """));
    }
}
