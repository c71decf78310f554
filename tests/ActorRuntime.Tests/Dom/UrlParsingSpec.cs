using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Dom;

/// <summary>
/// The URL Standard's basic URL parser behind <c>URL</c> and links: hosts (IPv4, IPv6, domains to ASCII), relative
/// references, file URLs, and the setters as the parser run with a state override.
/// </summary>
public class UrlParsingSpec : RuntimeSpec
{
    private async Task<LoadedExtension> Popup()
    {
        var e = await Load(Manifests.Standard(Manifests.PersistentScripts, ""), Flavor.Mdn);
        await e.OpenAsync("popup");
        return e;
    }

    [Fact]
    public async Task IP_addresses_are_parsed_and_serialized_as_the_standard_says()
    {
        var e = await Popup();
        Assert.Equal("""
            ["http://[::7f00:1]/","http://[::1:0:0:0]/","http://[1::2:0:0:3:0]/","http://192.168.0.1/","http://0.0.0.10/",false,false,false]
            """.Trim(), await e.EvaluateAsync("popup", """
            [new URL('http://[::127.0.0.1]').href, new URL('http://[0:0:0:0:1:0:0:0]').href, new URL('http://[1:0:0:2:0:0:3:0]').href,
             new URL('http://192.0x00A80001').href, new URL('http://012').href,
             URL.canParse('http://4294967296/'), URL.canParse('http://[::1.2.3.]'), URL.canParse('http://1.2.3.09')]
            """));
    }

    [Fact]
    public async Task Relative_references_and_file_URLs_resolve_as_the_standard_says()
    {
        var e = await Popup();
        Assert.Equal("""
            ["http://example.org/foo/foo.com","https://foo.com/","file:///test?test","file:///C:/x","file:///C:/y","sc://x/%20?#","http://f/c",false]
            """.Trim(), await e.EvaluateAsync("popup", """
            [new URL('http:foo.com', 'http://example.org/foo/bar').href, new URL('https:foo.com', 'http://example.org/foo/bar').href,
             new URL('', 'file:///test?test#test').href, new URL('file://C|/x').href, new URL('/y', 'file:///C:/x').href,
             new URL('sc://x/ ?#').href, new URL('http://f:00000000000000000000080/c').href, URL.canParse('sc://a b/')]
            """));
    }

    [Fact]
    public async Task Setters_follow_the_parsers_state_override_rules()
    {
        var e = await Popup();
        Assert.Equal("""
            ["file:///","http://h:8080/","http://h/","https://x/","wpt++://h/","sc://x/p","http://b/x"]
            """.Trim(), await e.EvaluateAsync("popup", """
            const f = new URL('file://localhost/'); f.protocol = 'http';
            const p = new URL('http://h/'); p.port = '8080stuff';
            const q = new URL('http://h:99/'); q.host = 'h:80';
            const t = new URL('http://x/'); t.protocol = '\thttps';
            const n = new URL('wpt++://h/'); n.protocol = 'http';
            const o = new URL('sc:/p'); o.host = 'x';
            const u = new URL('http://a/'); u.hostname = 'b\n'; u.pathname = '\tx';
            [f.href, p.href, q.href, t.href, n.href, o.href, u.href]
            """));
    }

    [Fact]
    public async Task Domains_go_to_ASCII_without_the_DNS_checks_and_with_the_bidi_rule()
    {
        var e = await Popup();
        Assert.Equal("""
            ["aa--","xn--a---kp0a","xn--fa-hia.de","a..b","xn--zca.com",false,false,false]
            """.Trim(), await e.EvaluateAsync("popup", """
            [new URL('https://aa--/').host, new URL('https://a\u2020--/').host, new URL('https://FA\u1E9E.de/').host,
             new URL('https://a..b/').host, new URL('https://xn--zca.com/').host,
             URL.canParse('https://\u064Aa/'), URL.canParse('https://xn--xn--a--gua.pt/'), URL.canParse('https://a%25b/')]
            """));
    }

    [Fact]
    public async Task Links_resolve_against_the_base_element_and_keep_what_does_not_parse()
    {
        var e = await Popup();
        Assert.Equal("""
            ["https://example.org/dir/x?y","https://example.org/dir/","http://[::1]:99/","","HTMLAreaElement","https://example.org/new#h","ftp://example.org/dir/x?y"]
            """.Trim(), await e.EvaluateAsync("popup", """
            const base = document.createElement('base');
            base.href = 'https://example.org/dir/page';
            document.head.append(base);
            const a = document.createElement('a');
            a.setAttribute('href', 'x?y');
            const out = [a.href, base.href.replace('page', '')];
            const bad = document.createElement('a'); bad.href = 'http://[::1]:99';
            out.push(bad.href);
            const none = document.createElement('a'); none.href = 'http://a b/';
            out.push(none.host + none.pathname + (none.protocol === ':' ? '' : 'parsed'));
            const area = document.createElement('area');
            area.href = 'x'; area.pathname = '/new'; area.hash = 'h';
            out.push(area.constructor.name, area.href);
            a.protocol = 'ftp';
            out.push(a.href);
            base.remove();
            out
            """));
    }

    [Fact]
    public async Task A_record_with_keys_equal_as_USV_strings_keeps_the_last_value()
    {
        var e = await Popup();
        Assert.Equal("[\"\uFFFDx=3\"]", await e.EvaluateAsync("popup", """
            [new URLSearchParams({ '\uD835x': '1', x: '2', '\uD83Dx': '3' }).toString().split('&')[0].replace(/%EF%BF%BD/, '\uFFFD')]
            """));
    }
}
