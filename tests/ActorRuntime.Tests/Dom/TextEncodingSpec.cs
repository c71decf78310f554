using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Dom;

/// <summary><c>TextEncoder</c> and <c>TextDecoder</c> in every page, as the Encoding Standard defines them, with the browsers' errors per flavour.</summary>
public class TextEncodingSpec : RuntimeSpec
{
    private async Task<LoadedExtension> Popup(Flavor flavor = Flavor.Mdn)
    {
        var e = await Load(Manifests.Standard(Manifests.PersistentScripts, ""), flavor);
        await e.OpenAsync("popup");
        return e;
    }

    [Fact]
    public async Task Encode_gives_the_pages_own_Uint8Array_of_UTF8()
    {
        var e = await Popup();
        Assert.Equal("""
            ["utf-8",true,true,"104,195,169,226,130,172,240,159,152,128",0,0,"97,239,191,189,98"]
            """.Trim(), await e.EvaluateAsync("popup", """
            const enc = new TextEncoder();
            const bytes = enc.encode('hé€😀');
            [enc.encoding, bytes instanceof Uint8Array, Object.getPrototypeOf(bytes) === Uint8Array.prototype, Array.from(bytes).join(),
             enc.encode().length, enc.encode('').length, Array.from(enc.encode('a\uD800b')).join()]
            """));
        // The background has one too: every page context does.
        Assert.Equal("3", await e.EvaluateAsync("background", "new TextEncoder().encode('abc').length"));
    }

    [Fact]
    public async Task EncodeInto_writes_whole_code_points_that_fit()
    {
        var e = await Popup();
        Assert.Equal("""[[2,3],"97,195,169,0,0",[4,8],"240,159,152,128,240,159,152,128"]""", await e.EvaluateAsync("popup", """
            const small = new Uint8Array(5);
            const first = new TextEncoder().encodeInto('aé😀', small);
            const exact = new Uint8Array(8);
            const second = new TextEncoder().encodeInto('😀😀', exact);
            [[first.read, first.written], Array.from(small).join(), [second.read, second.written], Array.from(exact).join()]
            """));
    }

    [Fact]
    public async Task Decode_reads_buffers_and_every_kind_of_view()
    {
        var e = await Popup();
        Assert.Equal("""
            ["utf-8",false,false,"hé€","hé€","é","hi","é€",""]
            """.Trim(), await e.EvaluateAsync("popup", """
            const d = new TextDecoder();
            const bytes = new TextEncoder().encode('hé€');
            const wide = new Uint16Array([0x6968]);
            [d.encoding, d.fatal, d.ignoreBOM, d.decode(bytes), d.decode(bytes.buffer), d.decode(new DataView(bytes.buffer, 1, 2)),
             d.decode(wide), d.decode(bytes.subarray(1)), d.decode()]
            """));
    }

    [Fact]
    public async Task The_byte_order_mark_is_dropped_unless_ignored_and_invalid_bytes_become_replacement_characters()
    {
        var e = await Popup();
        Assert.Equal("""["A",true,true,true,"A"]""", await e.EvaluateAsync("popup", """
            const bom = new Uint8Array([0xEF, 0xBB, 0xBF, 0x41]);
            [new TextDecoder().decode(bom), new TextDecoder('utf-8', { ignoreBOM: true }).decode(bom) === '\uFEFFA',
             new TextDecoder().decode(new Uint8Array([0x61, 0xFF, 0x62])) === 'a\uFFFDb',
             new TextDecoder().decode(new Uint8Array([0xC0, 0x80])) === '\uFFFD\uFFFD',
             new TextDecoder('utf-16le').decode(new Uint8Array([0xFF, 0xFE, 0x41, 0x00]))]
            """));
    }

    [Fact]
    public async Task A_streaming_decode_keeps_incomplete_sequences_for_the_next_call()
    {
        var e = await Popup();
        Assert.Equal("""["","€","",true,"A"]""", await e.EvaluateAsync("popup", """
            const d = new TextDecoder();
            const out = [d.decode(new Uint8Array([0xE2, 0x82]), { stream: true }), d.decode(new Uint8Array([0xAC]), { stream: true }), d.decode()];
            // An incomplete sequence at the end of a non-streaming call is replaced; the next call starts afresh (a BOM dropped again).
            out.push(d.decode(new Uint8Array([0xE2, 0x82])) === '\uFFFD', d.decode(new Uint8Array([0xEF, 0xBB, 0xBF, 0x41])));
            out
            """));
    }

    [Fact]
    public async Task Labels_name_their_encodings_as_the_Encoding_Standard_lists_them()
    {
        var e = await Popup();
        Assert.Equal("""
            ["utf-8","utf-8","utf-8","utf-16le","utf-16le","utf-16be","windows-1252","windows-1252","hi","hi","€é"]
            """.Trim(), await e.EvaluateAsync("popup", """
            [new TextDecoder(' UTF8 ').encoding, new TextDecoder('unicode-1-1-utf-8').encoding, new TextDecoder(undefined).encoding,
             new TextDecoder('utf-16').encoding, new TextDecoder('UTF-16LE').encoding, new TextDecoder('utf-16be').encoding,
             new TextDecoder('latin1').encoding, new TextDecoder('ascii').encoding,
             new TextDecoder('utf-16le').decode(new Uint8Array([0x68, 0, 0x69, 0])), new TextDecoder('utf-16be').decode(new Uint8Array([0, 0x68, 0, 0x69])),
             new TextDecoder('windows-1252').decode(new Uint8Array([0x80, 0xE9]))]
            """));
    }

    [Theory]
    [MemberData(nameof(AllFlavors))]
    public async Task Encoders_and_decoders_show_scripts_nothing_of_the_runtime(Flavor flavor)
    {
        var e = await Popup(flavor);
        Assert.Equal("""[[],[],false,false,true,"TypeError","TypeError"]""", await e.EvaluateAsync("popup", """
            const err = f => { try { f(); return 'none'; } catch (x) { return x.name; } };
            const enc = new TextEncoder(), dec = new TextDecoder();
            [Object.getOwnPropertyNames(enc), Object.getOwnPropertyNames(dec), 'GetType' in enc, 'GetType' in dec, dec.constructor.constructor === Function,
             err(() => TextDecoder.prototype.decode.call(enc)), err(() => TextEncoder())]
            """));
    }

    [Theory]
    [InlineData(Flavor.Mdn, "TextDecoder constructor: The given encoding 'klingon' is not supported.", "TextDecoder.decode: Decoding failed.",
        "TextDecoder.decode: Argument 1 could not be converted to any of: ArrayBufferView, ArrayBuffer.")]
    [InlineData(Flavor.Firefox, "TextDecoder constructor: The given encoding 'klingon' is not supported.", "TextDecoder.decode: Decoding failed.",
        "TextDecoder.decode: Argument 1 could not be converted to any of: ArrayBufferView, ArrayBuffer.")]
    [InlineData(Flavor.Chrome, "Failed to construct 'TextDecoder': The encoding label provided ('klingon') is invalid.",
        "Failed to execute 'decode' on 'TextDecoder': The encoded data was not valid.",
        "Failed to execute 'decode' on 'TextDecoder': The provided value is not of type '(ArrayBuffer or ArrayBufferView)'.")]
    public async Task Unknown_labels_fatal_errors_and_wrong_input_fail_as_the_flavours_browser_says(Flavor flavor, string label, string fatal, string input)
    {
        var e = await Popup(flavor);
        string Caught(string code) => $$"""try { {{code}}; 'no error' } catch (x) { `${x.name}: ${x.message}` }""";
        Assert.Equal($"\"RangeError: {label}\"", await e.EvaluateAsync("popup", Caught("new TextDecoder('klingon')")));
        Assert.Equal($"\"TypeError: {fatal}\"", await e.EvaluateAsync("popup", Caught("new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array([0x61, 0xFF]))")));
        Assert.Equal($"\"TypeError: {input}\"", await e.EvaluateAsync("popup", Caught("new TextDecoder().decode('text')")));
        Assert.Equal("true", await e.EvaluateAsync("popup", "new TextDecoder('utf-8', { fatal: true }).fatal"));
    }
}
