using ActorRuntime.Scripting;
using System.Text;
using ActorRuntime.Manifest;
using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace ActorRuntime.Tests.Hostile.Fuzz;

/// <summary>
/// Generated <c>manifest.json</c> contents, valid and hostile: whatever the file holds, loading the folder either
/// succeeds or fails with a <see cref="ManifestException"/> of one line, never any other exception.
/// </summary>
public sealed class ManifestFuzzTests(ITestOutputHelper output) : IDisposable
{
    private const int DefaultCases = 1000;
    private readonly string _folder = Directory.CreateTempSubdirectory("actorruntime-fuzz-manifest-").FullName;

    [Fact]
    public async Task Any_manifest_loads_or_fails_with_one_ManifestException_line()
    {
        var property = Prop.ForAll(Arb.From(ManifestCases.Any(), ManifestCases.Shrink), manifest => { Load(manifest); });
        await FuzzRun.CheckAsync(nameof(Any_manifest_loads_or_fails_with_one_ManifestException_line), property, DefaultCases, output);
    }

    /// <summary>Issue 9: every manifest string is checked for lone surrogates, names and ids for C0 controls other than tab and line breaks.</summary>
    [Fact]
    public async Task A_manifest_that_loads_has_no_lone_surrogates_and_no_control_characters_in_its_name_or_id()
    {
        var property = Prop.ForAll(Arb.From(ManifestCases.Any(), ManifestCases.Shrink), manifest =>
        {
            if (Load(manifest) is not { } package) return;
            var m = package.Manifest;
            foreach (var (key, value) in new[] { ("name", m.Name), ("browser_specific_settings.gecko.id", m.GeckoId), ("id", package.Id) })
                if (value is not null && value.Any(c => c < 0x20 && c is not ('\t' or '\n' or '\r')))
                    throw new InvalidOperationException($"loaded with a control character in {key}: {FuzzText.JsonLiteral(value)}");
            var strings = new[] { m.Name, m.Version, m.GeckoId, m.Background.Page, m.Background.ServiceWorker, m.Popup, m.OptionsPage, m.SidebarPanel }
                .Concat(m.Background.Scripts).Concat(m.ContentScripts.SelectMany(c => c.Matches.Concat(c.Js)));
            foreach (var value in strings)
                if (value is not null && HasLoneSurrogate(value))
                    throw new InvalidOperationException($"loaded with a lone surrogate: {FuzzText.JsonLiteral(value)}");
        });
        await FuzzRun.CheckAsync(nameof(A_manifest_that_loads_has_no_lone_surrogates_and_no_control_characters_in_its_name_or_id), property, DefaultCases / 2, output);
    }

    /// <summary>The loaded package, or null after a <see cref="ManifestException"/> of one line; anything else fails the case.</summary>
    private ExtensionPackage? Load(ManifestCase manifest)
    {
        File.WriteAllBytes(Path.Combine(_folder, "manifest.json"), manifest.Bytes());
        try
        {
            return ExtensionPackage.Load(_folder);
        }
        catch (ManifestException ex)
        {
            if (ex.Message.Length == 0 || ex.Message.IndexOfAny(['\n', '\r']) >= 0)
                throw new InvalidOperationException($"ManifestException message is not one line: {FuzzText.JsonLiteral(FuzzRun.Shorten(ex.Message))}");
            return null;
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException(FuzzRun.Escaped(ex));
        }
    }

    private static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else if (char.IsSurrogate(text[i])) return true;
        }
        return false;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

/// <summary>A generated manifest file: an object of members in some framing, or raw bytes.</summary>
public abstract record ManifestCase
{
    public abstract byte[] Bytes();
}

/// <summary>How an object manifest is written out around its members.</summary>
public enum Framing { Plain, ByteOrderMark, Comments, TrailingComma, WrappedInArray, Utf16, Truncated }

/// <summary>Members as (key, JSON source of the value); the source may be invalid JSON on purpose.</summary>
public sealed record ObjectManifest(IReadOnlyList<KeyValuePair<string, string>> Members, Framing Framing, int Cut) : ManifestCase
{
    public string Text()
    {
        var members = Members.Select(m => $"{FuzzText.JsonLiteral(m.Key)}: {m.Value}").ToList();
        var body = Framing switch
        {
            Framing.Comments => "/* manifest */ {\n  // members\n  " + string.Join(",\n  /* , */ ", members) + "\n} // end",
            Framing.TrailingComma => "{ " + string.Join(", ", members) + ", }",
            Framing.WrappedInArray => "[{ " + string.Join(", ", members) + " }]",
            _ => "{\n  " + string.Join(",\n  ", members) + "\n}",
        };
        return Framing == Framing.Truncated ? body[..(Cut % (body.Length + 1))] : body;
    }

    public override byte[] Bytes() => Framing switch
    {
        Framing.ByteOrderMark => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Text())],
        Framing.Utf16 => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Text())],
        _ => Encoding.UTF8.GetBytes(Text()),
    };

    public override string ToString() => $"{Framing} {FuzzRun.Shorten(FuzzText.JsonLiteral(Text()), 1500)}";
}

public sealed record RawManifest(byte[] Content) : ManifestCase
{
    public override byte[] Bytes() => Content;

    public override string ToString() =>
        $"{Content.Length} bytes: {Convert.ToHexString(Content.AsSpan(0, Math.Min(Content.Length, 200)))}{(Content.Length > 200 ? "..." : "")}";
}

/// <summary>Generators of manifests that reach every key <c>ManifestReader</c> reads, with valid and invalid shapes.</summary>
public static class ManifestCases
{
    public static Gen<ManifestCase> Any() => Gen.Frequency(
        (16, Object()),
        (2, Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b)).Select(b => (ManifestCase)new RawManifest(b))),
        (2, Gen.Elements(HostileDocuments).Select(b => (ManifestCase)new RawManifest(b))));

    /// <summary>Smaller cases FsCheck tries once one fails: one member fewer, or half the bytes.</summary>
    public static IEnumerable<ManifestCase> Shrink(ManifestCase manifest) => manifest switch
    {
        ObjectManifest o => Enumerable.Range(0, o.Members.Count).Select(i => (ManifestCase)(o with { Members = [.. o.Members.Take(i), .. o.Members.Skip(i + 1)] }))
            .Concat(o.Framing == Framing.Plain ? [] : [o with { Framing = Framing.Plain }]),
        RawManifest { Content.Length: > 1 } r => [new RawManifest(r.Content[..(r.Content.Length / 2)]), new RawManifest(r.Content[(r.Content.Length / 2)..])],
        _ => [],
    };

    private static readonly byte[][] HostileDocuments =
    [
        [],
        [0xef, 0xbb, 0xbf],
        Encoding.ASCII.GetBytes(new string('[', 100_000)),
        Encoding.ASCII.GetBytes(new string('{', 100_000)),
        Encoding.ASCII.GetBytes(new string('[', 100_000) + new string(']', 100_000)),
        Encoding.ASCII.GetBytes("{\"manifest_version\": 2, \"name\": " + new string('[', 100_000)),
        Encoding.ASCII.GetBytes("{\"manifest_version\": 2, \"name\": \"n\", \"version\": \"1\", \"x\": " + string.Concat(Enumerable.Repeat("{\"a\":", 50_000)) + "1" + new string('}', 50_000) + "}"),
        // Invalid UTF-8 in the name: a lone 0xFF, an encoded lone surrogate (CESU), an overlong slash.
        [.. Encoding.ASCII.GetBytes("{\"manifest_version\": 2, \"version\": \"1\", \"name\": \""), 0xff, 0xed, 0xa0, 0x80, 0xc0, 0xaf, .. Encoding.ASCII.GetBytes("\"}")],
        Encoding.ASCII.GetBytes("{\"manifest_version\": 2, \"name\": \"a\0b\", \"version\": \"1\"}"),
        Encoding.ASCII.GetBytes("\0\0\0\0"),
        Encoding.ASCII.GetBytes("{\"manifest_version\": 2, \"name\": \"x\", \"version\": \"1\"} trailing"),
        Encoding.ASCII.GetBytes("{\"manifest_version\": 2, \"name\": \"x\", \"version\": \"1\"}{}"),
        Encoding.ASCII.GetBytes("/* unterminated comment"),
    ];

    private static readonly string[] ReaderKeys =
    [
        "background", "browser_action", "action", "page_action", "options_ui", "options_page", "sidebar_action", "content_scripts", "incognito",
        "browser_specific_settings",
    ];

    private static Gen<ManifestCase> Object() =>
        from required in Required()
        from optional in Gen.SubListOf(ReaderKeys).SelectMany(keys => Gen.CollectToList(keys, key => Member(key)))
        from extra in FuzzText.UpTo(ExtraMember(), 3)
        from duplicate in Gen.Frequency((9, Gen.Constant(new List<KeyValuePair<string, string>>())), (1, Required().Select(r => r.ToList())))
        from members in Gen.Shuffle(required.Concat(optional).Concat(extra).Concat(duplicate))
        from framing in Gen.Frequency((12, Gen.Constant(Framing.Plain)), (1, Gen.Elements(Enum.GetValues<Framing>())))
        from cut in Gen.Choose(0, int.MaxValue)
        select (ManifestCase)new ObjectManifest(members, framing, cut);

    /// <summary>manifest_version, name and version: present and valid most of the time, so the reader goes on to the rest.</summary>
    private static Gen<IEnumerable<KeyValuePair<string, string>>> Required() =>
        from version in Gen.Frequency((6, Gen.Elements("2", "3")), (1, Gen.Elements("1", "4", "2.0", "2.5", "-0", "1e400", "2147483648", "\"2\"", "null", "true", "[2]")), (1, Json(2)))
        from name in Text()
        from number in Gen.Frequency((3, Gen.Constant("\"1.0\"")), (2, Text()))
        from present in Gen.ArrayOf(Gen.Frequency((9, Gen.Constant(true)), (1, Gen.Constant(false))), 3)
        select new[] { Pair("manifest_version", version), Pair("name", name), Pair("version", number) }.Where((_, i) => present[i]);

    private static Gen<KeyValuePair<string, string>> Member(string key) => Gen.Frequency(
        (8, Shape(key)),
        (1, Json(3))).Select(value => Pair(key, value));

    /// <summary>A value of the shape the reader expects for <paramref name="key"/>, with odd strings inside.</summary>
    private static Gen<string> Shape(string key) => key switch
    {
        "background" => ObjectOf(
            ("scripts", Gen.Frequency((4, ArrayOf(Path())), (1, Json(2)))),
            ("page", Path()),
            ("service_worker", Path()),
            ("persistent", Gen.Elements("true", "false", "null", "\"false\"", "0"))),
        "browser_action" or "action" or "page_action" => ObjectOf(("default_popup", Path()), ("default_title", Text())),
        "options_ui" => ObjectOf(("page", Path()), ("open_in_tab", Gen.Elements("true", "1"))),
        "options_page" => Path(),
        "sidebar_action" => ObjectOf(("default_panel", Path())),
        "content_scripts" => ArrayOf(ObjectOf(
            ("matches", ArrayOf(Gen.Frequency((3, Gen.Elements(FuzzText.MatchPatterns).Select(FuzzText.JsonLiteral)), (1, Text())))),
            ("js", ArrayOf(Path())),
            ("run_at", Gen.Frequency((3, Gen.Elements("\"document_start\"", "\"document_end\"", "\"document_idle\"")), (1, Text()), (1, Json(1)))))),
        "incognito" => Gen.Frequency((3, Gen.Elements("\"spanning\"", "\"split\"", "\"not_allowed\"")), (2, Text())),
        "browser_specific_settings" => ObjectOf(("gecko", Gen.Frequency((4, ObjectOf(("id", Text()), ("strict_min_version", Text()))), (1, Json(2))))),
        _ => Json(2),
    };

    private static Gen<KeyValuePair<string, string>> ExtraMember() =>
        from key in FuzzText.OddString()
        from value in Json(3)
        select Pair(key, value);

    private static Gen<string> Text() => FuzzText.OddString().Select(FuzzText.JsonLiteral);

    private static Gen<string> Path() => Gen.Frequency((3, Gen.Elements(FuzzText.Paths)), (1, FuzzText.OddString())).Select(FuzzText.JsonLiteral);

    private static Gen<string> ArrayOf(Gen<string> item) =>
        from items in FuzzText.UpTo(item, 3)
        from separator in Separator
        select "[" + string.Join(separator, items) + "]";

    /// <summary>JSON whitespace between members, line breaks included (a value's raw text can then span lines).</summary>
    private static readonly Gen<string> Separator = Gen.Frequency((6, Gen.Constant(", ")), (1, Gen.Elements(",\n", "\r\n,\t", " ,\n\n  ")));

    /// <summary>An object with some of the given members (each present or not), in a random order.</summary>
    private static Gen<string> ObjectOf(params (string Key, Gen<string> Value)[] members) =>
        Gen.SubListOf(members)
            .SelectMany(chosen => Gen.CollectToList(chosen, m => m.Value.Select(v => $"{FuzzText.JsonLiteral(m.Key)}: {v}")))
            .SelectMany(Gen.Shuffle)
            .SelectMany(items => Separator.Select(separator => "{ " + string.Join(separator, items) + " }"));

    /// <summary>Any JSON value (and some near-JSON), nesting at most <paramref name="depth"/> containers deep, or a deep run of brackets.</summary>
    private static Gen<string> Json(int depth)
    {
        var scalar = Gen.Frequency(
            (3, Gen.Elements("null", "true", "false", "0", "-0", "1", "-1", "2", "3", "0.5", "1e308", "1e400", "-1e400", "2147483648", "9223372036854775808",
                "123456789012345678901234567890", "1E-400", "NaN", "Infinity", "01", "+1", ".5", "0x10", "'single'", "undefined", "tru", "\"unterminated")),
            (4, Text()));
        if (depth <= 0) return scalar;
        var inner = Json(depth - 1);
        return Gen.Frequency(
            (4, scalar),
            (2, ArrayOf(inner)),
            (2, from items in FuzzText.UpTo(from k in Text() from v in inner select $"{k}: {v}", 3)
                from separator in Separator
                select "{ " + string.Join(separator, items) + " }"),
            (1, Gen.Elements(63, 64, 65, 1000, 100_000).Select(n => new string('[', n) + new string(']', n))));
    }

    private static KeyValuePair<string, string> Pair(string key, string value) => new(key, value);
}
