using ActorRuntime.Apis;
using Jint;
using Jint.Native;

namespace ActorRuntime.Tests.Apis;

/// <summary>The runtime's own JSON read straight into an engine: the same values as <c>JSON.parse</c>, or no answer.</summary>
public class RuntimeJsonReaderTests
{
    private static string Stringified(Engine engine, JsValue[] items)
    {
        engine.SetValue("__items", new Jint.Native.JsArray(engine, items));
        // Keys, their order, values and types, and each object's prototype as JSON.parse gives them.
        return engine.Evaluate("""
            JSON.stringify(__items, (k, v) => v !== null && typeof v === 'object' && !Array.isArray(v)
              ? Object.fromEntries([['$proto', Object.getPrototypeOf(v) === Object.prototype], ...Object.entries(v).map(([k2, v2]) => [k2, [typeof v2, v2]])])
              : v)
            """).AsString();
    }

    [Theory]
    [InlineData("""[{"requestId":"12","url":"https://example.com/a?b=c&d=\u0026é","method":"GET","frameId":0,"tabId":-1,"timeStamp":1733011200123,"incognito":false,"thirdParty":true,"proxyInfo":null}]""")]
    [InlineData("""[{"requestHeaders":[{"name":"Accept","value":"*/*"},{"name":"X-A","value":"\"quoted\"\n"}],"statusCode":200.5,"nested":{"a":{"b":[[],{}]}}}, "second", 3, true, null]""")]
    [InlineData("""[]""")]
    [InlineData("""[{"a":1,"b":2,"a":3}]""")]
    [InlineData("""[{"emoji":"\ud83d\ude00","big":1e308,"neg":-0,"small":5e-324}]""")]
    public void Reads_what_JSON_parse_reads(string json)
    {
        var engine = new Engine();
        var reader = new RuntimeJsonReader(maxDepth: 32);
        var read = reader.ReadArray(engine, json);
        Assert.NotNull(read);
        var parsed = ((Jint.Native.JsArray)engine.Evaluate("JSON.parse").Call(JsValue.Undefined, [json])).ToArray();
        Assert.Equal(Stringified(engine, parsed), Stringified(engine, read!));
        // Read again: the strings it keeps give equal, separate objects.
        var again = reader.ReadArray(engine, json)!;
        Assert.Equal(Stringified(engine, parsed), Stringified(engine, again));
        if (read!.Length > 0 && read[0] is Jint.Native.Object.ObjectInstance first) Assert.NotSame(first, again[0]);
    }

    [Theory]
    [InlineData("""[{"0":"index key"}]""")]
    [InlineData("""[{"__proto__":{"x":1}}]""")]
    [InlineData("""[{"":1}]""")]
    [InlineData("""{"not":"an array"}""")]
    [InlineData("""[1,""")]
    [InlineData("""[1] [2]""")]
    [InlineData("""[[[[[[1]]]]]]""")]
    public void Answers_nothing_for_what_it_does_not_read_as_JSON_parse_does(string json) =>
        Assert.Null(new RuntimeJsonReader(maxDepth: 4).ReadArray(new Engine(), json));

    [Fact]
    public void An_object_changed_by_a_listener_leaves_the_next_read_alone()
    {
        var engine = new Engine();
        var reader = new RuntimeJsonReader(maxDepth: 32);
        const string json = """[{"url":"https://a.example/","requestHeaders":[{"name":"A","value":"1"}]}]""";
        engine.SetValue("d", reader.ReadArray(engine, json)![0]);
        engine.Execute("d.url = 'changed'; d.requestHeaders.push({name: 'B', value: '2'}); d.requestHeaders[0].value = 'x';");
        engine.SetValue("e", reader.ReadArray(engine, json)![0]);
        Assert.Equal("""{"url":"https://a.example/","requestHeaders":[{"name":"A","value":"1"}]}""", engine.Evaluate("JSON.stringify(e)").AsString());
    }
}
