using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Apis;

/// <summary>console's format specifiers, as the Console Standard formats them.</summary>
public sealed class ConsoleFormatSpec : RuntimeSpec
{
    [Theory]
    [InlineData("console.log('%s is %d years, %i kids, %f m', 'Bob', '42.9px', 3.7, '1.5e0')", "Bob is 42 years, 3 kids, 1.5 m")]
    [InlineData("console.log('%o and %O', { a: 1 }, [2])", "{\"a\":1} and [2]")]
    [InlineData("console.log('%cred%c plain', 'color: red', '')", "red plain")]
    [InlineData("console.log('100%% sure', 'and', 7)", "100% sure and 7")]
    [InlineData("console.log('%d', Symbol('s'))", "NaN")]
    [InlineData("console.log('%s and %s', 'one')", "one and %s")]
    [InlineData("console.log('50% off', { x: 1 })", "50% off {\"x\":1}")]
    [InlineData("console.log('%z stays')", "%z stays")]
    [InlineData("parseInt = parseFloat = () => 99; console.log('%d %f', '7.5', '2.5')", "7 2.5")]
    public async Task Format_strings_are_formatted_and_leftover_arguments_follow(string call, string line)
    {
        var e = await Load(Manifests.Standard(Manifests.PersistentScripts, ""));
        await e.EvaluateAsync("background", call);
        Assert.Equal(line, ConsoleLines.Last(entry => entry.Label == "background").Text);
    }

    [Theory]
    [InlineData("10n ** 20n", "100000000000000000000n")]
    [InlineData("Symbol('tag')", "Symbol(tag)")]
    [InlineData("Symbol()", "Symbol()")]
    [InlineData("({ a: 1 })", "{\"a\":1}")]
    public async Task An_evaluations_result_is_written_as_a_console_writes_it_even_where_JSON_cannot(string code, string result)
    {
        var e = await Load(Manifests.Standard(Manifests.PersistentScripts, ""));
        Assert.Equal(result, await e.EvaluateAsync("background", code));
    }
}
