using System.Text;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using static ActorRuntime.Dom.DomBinding;

namespace ActorRuntime.Dom.Interfaces;

/// <summary>A <c>TextEncoder</c>: UTF-8 only, as the Encoding Standard has it.</summary>
internal sealed class TextEncoderState;

/// <summary>
/// A <c>TextDecoder</c>: its encoding, its <c>fatal</c> and <c>ignoreBOM</c> flags, and what a streaming decode keeps
/// between calls (an incomplete sequence, whether the byte order mark has been looked for).
/// </summary>
internal sealed class TextDecoderState(string encoding, bool fatal, bool ignoreBom)
{
    private Decoder? _decoder;
    private bool _bomHandled;

    public string Encoding { get; } = encoding;
    public bool Fatal { get; } = fatal;
    public bool IgnoreBom { get; } = ignoreBom;

    /// <summary>The text of <paramref name="bytes"/>; null when <see cref="Fatal"/> and the bytes are not valid in the encoding.</summary>
    public string? Decode(byte[] bytes, bool stream)
    {
        string text;
        if (Encoding == "windows-1252") text = Windows1252(bytes);
        else
        {
            _decoder ??= DotNetEncoding().GetDecoder();
            try
            {
                var chars = new char[_decoder.GetCharCount(bytes, flush: !stream)];
                _decoder.GetChars(bytes, chars, flush: !stream);
                text = new string(chars);
            }
            catch (DecoderFallbackException)
            {
                _decoder.Reset();
                _bomHandled = false;
                return null;
            }
            // The Encoding Standard's decode: a byte order mark at the start of the stream is dropped unless ignoreBOM.
            if (!_bomHandled && text.Length > 0)
            {
                _bomHandled = true;
                if (!IgnoreBom && text[0] == '\uFEFF') text = text[1..];
            }
        }
        if (!stream) _bomHandled = false;
        return text;
    }

    private System.Text.Encoding DotNetEncoding() => Encoding switch
    {
        "utf-16le" => new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: Fatal),
        "utf-16be" => new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: Fatal),
        _ => new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: Fatal),
    };

    // windows-1252 (what the labels latin1, ascii and iso-8859-1 name): bytes 0x80-0x9F are its own characters.
    private const string Windows1252High = "\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F" +
                                           "\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178";

    private static string Windows1252(byte[] bytes)
    {
        var chars = new char[bytes.Length];
        for (var i = 0; i < bytes.Length; i++) chars[i] = bytes[i] is >= 0x80 and <= 0x9F ? Windows1252High[bytes[i] - 0x80] : (char)bytes[i];
        return new string(chars);
    }
}

/// <summary>
/// <c>TextEncoder</c> and <c>TextDecoder</c> (Encoding Standard): UTF-8 out, as a Uint8Array made by the page's own
/// constructor; UTF-8, UTF-16LE/BE and windows-1252 in, from an ArrayBuffer or any view of one.
/// </summary>
internal static class EncodingInterfaces
{
    public static readonly DomInterface TextEncoder = DomInterface.Define<TextEncoderState>("TextEncoder", null, m => m
        .Constructible(0, (_, _) => new TextEncoderState())
        .Get("encoding", (_, _) => "utf-8")
        .Method("encode", 0, (dom, _, args) =>
        {
            var text = Argument(args, 0).IsUndefined() ? "" : FormUrlEncoded.Usv(dom.DomString(args[0]));
            return dom.Engine.Intrinsics.Uint8Array.Construct(System.Text.Encoding.UTF8.GetBytes(text));
        })
        .Method("encodeInto", 2, (dom, _, args) =>
        {
            var source = FormUrlEncoded.Usv(dom.Required(args, 0, "encodeInto", "TextEncoder"));
            dom.Required(args, 1, "encodeInto", "TextEncoder");
            if (!args[1].IsUint8Array() || args[1] is not JsTypedArray destination)
                throw dom.TypeError(dom.Flavor == Flavor.Chrome
                    ? "Failed to execute 'encodeInto' on 'TextEncoder': parameter 2 is not of type 'Uint8Array'."
                    : "TextEncoder.encodeInto: Argument 2 does not implement interface Uint8Array.");
            var (read, written) = EncodeInto(source, destination);
            var result = new JsObject(dom.Engine);
            result.FastSetDataProperty("read", read);
            result.FastSetDataProperty("written", written);
            return result;
        }));

    public static readonly DomInterface TextDecoder = DomInterface.Define<TextDecoderState>("TextDecoder", null, m => m
        .Constructible(0, (dom, args) =>
        {
            var label = Argument(args, 0).IsUndefined() ? "utf-8" : dom.DomString(args[0]);
            var options = Argument(args, 1);
            if (!options.IsUndefined() && !options.IsNull() && options is not ObjectInstance)
                throw dom.TypeError(dom.Flavor == Flavor.Chrome
                    ? "Failed to construct 'TextDecoder': The provided value is not of type 'TextDecoderOptions'."
                    : "TextDecoder constructor: Value can't be converted to a dictionary.");
            var encoding = EncodingFor(label) ?? throw RangeError(dom, dom.Flavor == Flavor.Chrome
                ? $"Failed to construct 'TextDecoder': The encoding label provided ('{label}') is invalid."
                : $"TextDecoder constructor: The given encoding '{label.Trim(AsciiWhitespace)}' is not supported.");
            return new TextDecoderState(encoding, Flag(options, "fatal"), Flag(options, "ignoreBOM"));
        })
        .Get("encoding", (_, d) => d.Encoding)
        .Get("fatal", (_, d) => Boolean(d.Fatal))
        .Get("ignoreBOM", (_, d) => Boolean(d.IgnoreBom))
        .Method("decode", 0, (dom, d, args) =>
        {
            var input = Argument(args, 0);
            byte[] bytes = input.IsUndefined() ? [] : Bytes(input) ?? throw dom.TypeError(dom.Flavor == Flavor.Chrome
                ? "Failed to execute 'decode' on 'TextDecoder': The provided value is not of type '(ArrayBuffer or ArrayBufferView)'."
                : "TextDecoder.decode: Argument 1 could not be converted to any of: ArrayBufferView, ArrayBuffer.");
            var options = Argument(args, 1);
            return d.Decode(bytes, stream: Flag(options, "stream")) ?? throw dom.TypeError(dom.Flavor == Flavor.Chrome
                ? "Failed to execute 'decode' on 'TextDecoder': The encoded data was not valid."
                : "TextDecoder.decode: Decoding failed.");
        }));

    public static readonly DomInterface[] All = [TextEncoder, TextDecoder];

    public static DomInterface? For(object target) => target switch
    {
        TextEncoderState => TextEncoder,
        TextDecoderState => TextDecoder,
        _ => null,
    };

    private static readonly char[] AsciiWhitespace = ['\t', '\n', '\f', '\r', ' '];

    /// <summary>The Encoding Standard's "get an encoding" for the encodings the runtime decodes; null for any other label.</summary>
    public static string? EncodingFor(string label) => label.Trim(AsciiWhitespace).ToLowerInvariant() switch
    {
        "unicode-1-1-utf-8" or "unicode11utf8" or "unicode20utf8" or "utf-8" or "utf8" or "x-unicode20utf8" => "utf-8",
        "csunicode" or "iso-10646-ucs-2" or "ucs-2" or "unicode" or "unicodefeff" or "utf-16" or "utf-16le" => "utf-16le",
        "unicodefffe" or "utf-16be" => "utf-16be",
        "ansi_x3.4-1968" or "ascii" or "cp1252" or "cp819" or "csisolatin1" or "ibm819" or "iso-8859-1" or "iso-ir-100" or "iso8859-1"
            or "iso88591" or "iso_8859-1" or "iso_8859-1:1987" or "l1" or "latin1" or "us-ascii" or "windows-1252" or "x-cp1252" => "windows-1252",
        _ => null,
    };

    private static bool Flag(JsValue dictionary, string name) => dictionary is ObjectInstance o && TypeConverter.ToBoolean(o.Get(name));

    /// <summary>The bytes an ArrayBuffer, a typed array or a DataView covers (copied); null for anything else.</summary>
    private static byte[]? Bytes(JsValue input)
    {
        switch (input)
        {
            case JsArrayBuffer:
                return input.AsArrayBuffer() is { } all ? all.ToArray() : [];
            case ObjectInstance when input.IsDataView():
                return input.AsDataView() ?? [];
            case JsTypedArray when input.IsUint8Array():
                return input.AsUint8Array() ?? [];
            case JsTypedArray typed:
                if (typed.Get("buffer") is not JsArrayBuffer buffer || buffer.AsArrayBuffer() is not { } backing) return [];
                var offset = TypeConverter.ToNumber(typed.Get("byteOffset"));
                var length = TypeConverter.ToNumber(typed.Get("byteLength"));
                if (offset < 0 || length < 0 || offset + length > backing.Length) return [];
                return backing.AsSpan((int)offset, (int)length).ToArray();
            default:
                return null;
        }
    }

    /// <summary>
    /// <c>encodeInto</c>: as many whole code points of <paramref name="source"/> as fit, UTF-8 encoded into the array;
    /// how many UTF-16 code units were read and how many bytes written.
    /// </summary>
    private static (int Read, int Written) EncodeInto(string source, JsTypedArray destination)
    {
        var capacity = (int)Math.Min(destination.Length, int.MaxValue);
        Span<byte> encoded = stackalloc byte[4];
        int read = 0, written = 0;
        while (read < source.Length)
        {
            var units = char.IsHighSurrogate(source[read]) && read + 1 < source.Length && char.IsLowSurrogate(source[read + 1]) ? 2 : 1;
            var count = System.Text.Encoding.UTF8.GetBytes(source.AsSpan(read, units), encoded);
            if (written + count > capacity) break;
            for (var i = 0; i < count; i++) destination[written + i] = (int)encoded[i];
            written += count;
            read += units;
        }
        return (read, written);
    }

    private static JavaScriptException RangeError(DomBinding dom, string message) =>
        new((Jint.Native.Error.ErrorConstructor)dom.Realm.ErrorConstructor("RangeError")!, message);
}
