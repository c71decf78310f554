using System.Text.Json.Nodes;
using ActorRuntime.SchemaGenerator.ChromeTypes;

namespace ActorRuntime.Tests.Apis;

/// <summary>
/// The generator's reader of chrome-types' declarations and what it writes: overloads merged, events, declarative events,
/// constants, enumerations, constructors, the tags that gate a member, and only what the Firefox description lacks.
/// </summary>
public class ChromiumDeclarationsSpec
{
    private const string Declarations = """
        type CustomChromeEvent<H extends (...args: any) => void> = Omit<chrome.events.Event<H>, 'addListener'> & { readonly addListener: H; };
        declare namespace chrome {
          /**
           * A namespace Firefox lacks.
           *
           * @chrome-permission fooPermission
           * @chrome-min-manifest MV3
           */
          export namespace foo {
            /** @chrome-enum "a" The first. */
            export type Mode = "a" | "b";
            export interface Options {
              /** The tab. */
              tabId?: number;
              mode: Mode;
              ids: [string, ...string[]];
            }
            export class Matcher {
              constructor(arg: Matcher);
              css?: string[];
            }
            export function update(tabId: number, options: Options): Promise<Options>;
            export function update(options: Options): Promise<Options>;
            export function update(tabId: number, options: Options, callback?: (result: Options) => void): void;
            export function update(options: Options, callback?: (result: Options) => void): void;
            /**
             * @chrome-max-manifest MV2
             * @chrome-disallow-service-workers
             */
            export function old(element: HTMLElement): string;
            export const onChanged: events.Event<(info: { id: string }, extra?: number | null) => void>;
            export const onRequest: CustomChromeEvent<(callback: (details: Options) => void, filter: { urls: string[] }, extraInfoSpec?: Mode[]) => void>;
            export const onPage: events.Event<never, Matcher, Matcher>;
            export const LIMIT: 5;
            /** @chrome-channel dev */
            export function experimental(): void;
            export {_delete as delete};
            export function _delete(): void;
          }
          /** @chrome-platform-apps */
          export namespace appOnly { export function x(): void; }
          /** @chrome-platform chromeos */
          export namespace chromeOsOnly { export function y(): void; }
          export namespace events {
            export interface Rule { id?: string; conditions: any[]; }
            export interface Event<H extends (...args: any) => void, C = void, A = void> {
              addListener(callback: H): void;
              addRules(rules: Rule[], callback?: (rules: Rule[]) => void): void;
            }
          }
          export namespace tabs {
            export function query(queryInfo: object): Promise<any>;
            export function unsupportedInFirefox(): Promise<void>;
            export function chromiumOnly(): void;
          }
        }
        """;

    private static readonly JsonObject Firefox = JsonNode.Parse("""
        { "namespaces": [ { "namespace": "tabs", "functions": [
            { "name": "query", "type": "function", "parameters": [] },
            { "name": "unsupportedInFirefox", "unsupported": true, "type": "function", "parameters": [] } ] } ] }
        """)!.AsObject();

    private static JsonObject Build()
    {
        var text = ChromiumDescriptionBuilder.Build(DtsParser.Parse(Declarations), Firefox, "test");
        return JsonNode.Parse(text)!.AsObject();
    }

    private static JsonObject Namespace(JsonObject description, string name) =>
        description["namespaces"]!.AsArray().OfType<JsonObject>().Single(n => n["namespace"]!.GetValue<string>() == name);

    private static JsonObject Member(JsonObject ns, string list, string name) =>
        ns[list]!.AsArray().OfType<JsonObject>().Single(m => m["name"]!.GetValue<string>() == name);

    [Fact]
    public void A_namespace_firefox_lacks_is_written_whole_with_its_tags()
    {
        var description = Build();
        var foo = Namespace(description, "foo");
        Assert.Equal("""["fooPermission"]""", foo["permissions"]!.ToJsonString());
        Assert.Equal(3, foo["min_manifest_version"]!.GetValue<int>());
        Assert.Equal("""["fooPermission"]""", description["permissions"]!["known"]!.ToJsonString());
        // Chrome Apps', non-stable and ChromeOS-only parts are left out.
        Assert.DoesNotContain(description["namespaces"]!.AsArray(), n => n!["namespace"]!.GetValue<string>() is "appOnly" or "chromeOsOnly");
        Assert.DoesNotContain(foo["functions"]!.AsArray(), f => f!["name"]!.GetValue<string>() == "experimental");
        // A member exported under a reserved word keeps that name.
        Assert.NotNull(Member(foo, "functions", "delete"));
    }

    [Fact]
    public void Overloads_become_one_signature_asynchronous_with_an_optional_callback()
    {
        var update = Member(Namespace(Build(), "foo"), "functions", "update");
        Assert.Equal("callback", update["async"]!.GetValue<string>());
        Assert.Equal("""
            [{"name":"tabId","type":"number","optional":true},{"name":"options","$ref":"foo.Options"},{"name":"callback","type":"function","optional":true,"parameters":[{"name":"result","$ref":"foo.Options"}]}]
            """.Trim(), update["parameters"]!.ToJsonString());
        var old = Member(Namespace(Build(), "foo"), "functions", "old");
        // Synchronous; a web platform class is any; the tags that gate it kept.
        Assert.Equal("""{"type":"string"}""", old["returns"]!.ToJsonString());
        Assert.Equal("""[{"name":"element","type":"any"}]""", old["parameters"]!.ToJsonString());
        Assert.Equal(2, old["max_manifest_version"]!.GetValue<int>());
        Assert.True(old["disallowServiceWorkers"]!.GetValue<bool>());
    }

    [Fact]
    public void Events_constants_enumerations_and_constructors()
    {
        var foo = Namespace(Build(), "foo");
        Assert.Equal("""[{"name":"info","type":"object","properties":{"id":{"type":"string"}}},{"name":"extra","choices":[{"type":"number"},{"type":"null"}],"optional":true}]""",
            Member(foo, "events", "onChanged")["parameters"]!.ToJsonString());
        // A CustomChromeEvent: the listener's parameters, then addListener's own.
        var request = Member(foo, "events", "onRequest");
        Assert.Equal("""[{"name":"details","$ref":"foo.Options"}]""", request["parameters"]!.ToJsonString());
        Assert.Equal("""[{"name":"filter","type":"object","properties":{"urls":{"type":"array","items":{"type":"string"}}}},{"name":"extraInfoSpec","type":"array","items":{"$ref":"foo.Mode"},"optional":true}]""",
            request["extraParameters"]!.ToJsonString());
        // A declarative event: its rule functions, from events.Event.
        var page = Member(foo, "events", "onPage");
        Assert.NotNull(page["rules"]);
        Assert.Equal("addRules", page["functions"]!.AsArray().Single()!["name"]!.GetValue<string>());
        Assert.Equal("""{"value":5}""", foo["properties"]!["LIMIT"]!.ToJsonString());
        var types = foo["types"]!.AsArray().OfType<JsonObject>().ToDictionary(t => t["id"]!.GetValue<string>());
        Assert.Equal("""{"id":"Mode","type":"string","enum":["a","b"]}""", types["Mode"].ToJsonString());
        Assert.True(types["Matcher"]["constructor"]!.GetValue<bool>());
        Assert.Equal("""{"type":"array","items":{"type":"string"},"minItems":1}""", types["Options"]["properties"]!["ids"]!.ToJsonString());
        Assert.True(types["Options"]["properties"]!["tabId"]!["optional"]!.GetValue<bool>());
    }

    [Fact]
    public void Of_a_namespace_both_have_only_what_firefox_lacks_or_does_not_support_is_written()
    {
        var tabs = Namespace(Build(), "tabs");
        Assert.Equal(["chromiumOnly", "unsupportedInFirefox"], tabs["functions"]!.AsArray().Select(f => f!["name"]!.GetValue<string>()).Order());
        // Rules of Firefox's namespace stay Firefox's: none are written for it.
        Assert.Null(tabs["permissions"]);
    }

    [Fact]
    public void A_form_the_reader_does_not_know_is_an_error_naming_its_line()
    {
        var error = Assert.Throws<FormatException>(() => DtsParser.Parse("declare namespace chrome {\n export namespace x {\n export enum E { A }\n }\n}"));
        Assert.Contains("line 3", error.Message);
    }
}
