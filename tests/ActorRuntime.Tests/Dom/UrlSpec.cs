using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Dom;

/// <summary><c>URL</c> and <c>URLSearchParams</c> in every page, as the URL Standard defines them, with the browsers' errors per flavour.</summary>
public class UrlSpec : RuntimeSpec
{
    private async Task<LoadedExtension> Popup(Flavor flavor = Flavor.Mdn)
    {
        var e = await Load(Manifests.Standard(Manifests.PersistentScripts, ""), flavor);
        await e.OpenAsync("popup");
        return e;
    }

    [Fact]
    public async Task A_URL_is_split_into_its_components_and_serialized_as_the_standard_says()
    {
        var e = await Popup();
        Assert.Equal("""
            ["https://user:pw@example.com:8080/b/?x=1&y=%20z#top","https://example.com:8080","https:","user","pw","example.com:8080","example.com","8080","/b/","?x=1&y=%20z","#top"]
            """.Trim(), await e.EvaluateAsync("popup", """
            const u = new URL('  HTTPS://user:pw@EXAMPLE.com:8080/a/../b/./?x=1&y= z#top ');
            [u.href, u.origin, u.protocol, u.username, u.password, u.host, u.hostname, u.port, u.pathname, u.search, u.hash]
            """));
        // Default ports vanish, paths get their "/", non-ASCII and spaces are percent-encoded per component.
        Assert.Equal("""
            ["http://example.com/","https://example.com/%C3%A9%20x?q=%C3%A9%27s#f%20%C3%A9","https://xn--mnchen-3ya.de/","http://127.0.0.1/",""]
            """.Trim(), await e.EvaluateAsync("popup", """
            [new URL('http://example.com:80').href, new URL("https://example.com/é x?q=é's#f é").href, new URL('https://münchen.de').href,
             new URL('http://0x7f.1/').href, new URL('https://example.com/?').search]
            """));
        // URLs without a host: opaque paths and opaque origins.
        Assert.Equal("""
            ["about:","blank","null","text/plain,hi","?x","mailto:a@b.c","a@b.c","","https://example.com"]
            """.Trim(), await e.EvaluateAsync("popup", """
            const d = new URL('data:text/plain,hi?x');
            [new URL('about:blank').protocol, new URL('about:blank').pathname, new URL('about:blank').origin, d.pathname, d.search,
             new URL('mailto:a@b.c').href, new URL('mailto:a@b.c').pathname, new URL('mailto:a@b.c').host, new URL('blob:https://example.com/1').origin]
            """));
        Assert.Equal("""["https://h/p?q=1","https://h/p?q=1","{\"u\":\"https://h/p?q=1\"}"]""", await e.EvaluateAsync("popup", """
            const w = new URL('https://h/p?q=1');
            [String(w), w.toJSON(), JSON.stringify({ u: w })]
            """));
    }

    [Theory]
    [InlineData(Flavor.Mdn, "moz-extension")]
    [InlineData(Flavor.Chrome, "chrome-extension")]
    public async Task Extension_URLs_parse_with_the_extensions_origin_and_resolve_against_the_page(Flavor flavor, string scheme)
    {
        var e = await Popup(flavor);
        var origin = e.BaseUrl.TrimEnd('/');
        Assert.StartsWith(scheme + "://", origin, StringComparison.Ordinal);
        Assert.Equal($$"""
            ["{{origin}}","{{origin}}","{{scheme}}:","{{origin[(scheme.Length + 3)..]}}","/popup.html","{{origin}}/img/x.png?v=2","{{origin}}/other.html#a",true]
            """.Trim(), await e.EvaluateAsync("popup", """
            const here = new URL(location.href);
            const img = new URL('img/x.png?v=2', location.href);
            [here.origin, location.origin, here.protocol, here.host, here.pathname, img.href, new URL('/other.html#a', document.URL).href,
             new URL(browser.runtime.getURL('a.html')).origin === location.origin]
            """));
        Assert.Equal("""["https://example.com/dir/x.html","https://example.com/p?q=1","https://example.com/p?old#h","https://other.org/x","https://example.com/up"]""",
            await e.EvaluateAsync("popup", """
            [new URL('x.html', 'https://example.com/dir/page.html').href, new URL('?q=1', 'https://example.com/p?old#h').href,
             new URL('#h', 'https://example.com/p?old').href, new URL('//other.org/x', 'https://example.com/p').href,
             new URL('../up', new URL('https://example.com/dir/page.html')).href]
            """));
    }

    [Theory]
    [InlineData(Flavor.Mdn, "URL constructor: nope is not a valid URL.", "URL constructor: bad base is not a valid URL.", "URL constructor: At least 1 argument required, but only 0 passed")]
    [InlineData(Flavor.Firefox, "URL constructor: nope is not a valid URL.", "URL constructor: bad base is not a valid URL.", "URL constructor: At least 1 argument required, but only 0 passed")]
    [InlineData(Flavor.Chrome, "Failed to construct 'URL': Invalid URL", "Failed to construct 'URL': Invalid base URL", "Failed to construct 'URL': 1 argument required, but only 0 present.")]
    public async Task What_does_not_parse_is_the_browsers_TypeError(Flavor flavor, string invalid, string invalidBase, string missing)
    {
        var e = await Popup(flavor);
        string Caught(string code) => $$"""try { {{code}}; 'no error' } catch (x) { `${x instanceof TypeError} ${x.message}` }""";
        Assert.Equal($"\"true {invalid}\"", await e.EvaluateAsync("popup", Caught("new URL('nope')")));
        Assert.Equal($"\"true {invalidBase}\"", await e.EvaluateAsync("popup", Caught("new URL('x', 'bad base')")));
        Assert.Equal($"\"true {missing}\"", await e.EvaluateAsync("popup", Caught("new URL()")));
        // Relative without a base, a special scheme with no host, a port out of range, a bad host: all fail.
        Assert.Equal("[false,false,false,false,false,true]", await e.EvaluateAsync("popup",
            "['/relative', 'http://', 'https://example.com:65536/', 'https://exa mple.com/', 'x'].map(u => URL.canParse(u)).concat(URL.canParse('x', 'about:blank#h') === false)"));
    }

    [Theory]
    [InlineData(Flavor.Mdn, "URL.href setter: not a url is not a valid URL.")]
    [InlineData(Flavor.Chrome, "Failed to set the 'href' property on 'URL': Invalid URL")]
    public async Task Setters_change_their_component_and_leave_what_they_cannot_take(Flavor flavor, string hrefError)
    {
        var e = await Popup(flavor);
        Assert.Equal("""
            ["http://a%20b:p%40ss@other.org:99/new%20path/%3Fx?q=%23#frag%20x","http://other.org:99","http://x.org:99/","https://x.org:8443/","https://x.org/"]
            """.Trim(), await e.EvaluateAsync("popup", """
            const u = new URL('https://user:pw@example.com:8080/a/b?x=1#h');
            u.protocol = 'http'; u.username = 'a b'; u.password = 'p@ss'; u.host = 'other.org:99'; u.pathname = '/new path/?x';
            u.search = 'q=#'; u.hash = 'frag x';
            const v = new URL('http://example.com:99/');
            v.hostname = 'x.org';
            const w = new URL('https://x.org/'); w.port = '8443';
            const z = new URL('https://x.org:8443/'); z.port = '';
            [u.href, u.origin, v.href, w.href, z.href]
            """));
        // A value the component cannot take changes nothing.
        Assert.Equal("""["https://example.com:8080/p?q#h","mailto:a@b"]""", await e.EvaluateAsync("popup", """
            const k = new URL('https://example.com:8080/p?q#h');
            k.protocol = 'moz-extension'; k.protocol = '1x'; k.port = 'abc'; k.port = '99999'; k.hostname = 'bad host'; k.host = '';
            const m = new URL('mailto:a@b'); m.pathname = 'x'; m.host = 'h';
            [k.href, m.href]
            """));
        Assert.Equal($"\"TypeError {hrefError} https://example.com/\"", await e.EvaluateAsync("popup", """
            const h = new URL('https://example.com/');
            try { h.href = 'not a url'; } catch (x) { `${x.name} ${x.message} ${h.href}` }
            """));
        Assert.Equal("\"https://b.org/new#n\"", await e.EvaluateAsync("popup", "const r = new URL('https://a.org/old#o'); r.href = 'https://b.org/new#n'; r.href"));
    }

    [Fact]
    public async Task SearchParams_is_the_same_live_object_and_writes_the_query_back()
    {
        var e = await Popup();
        Assert.Equal("""
            [true,"https://h/p?a=2&b=x+y%26z#f","?a=2&b=x+y%26z","9",null,"https://h/p#f","https://h/q?n=1","1"]
            """.Trim(), await e.EvaluateAsync("popup", """
            const u = new URL('https://h/p?a=1#f');
            const p = u.searchParams;
            p.append('b', 'x y&z'); p.set('a', '2');
            const out = [p === u.searchParams, u.href, u.search];
            u.search = '?z=9'; out.push(p.get('z'), p.get('a'));
            p.delete('z'); out.push(u.href);
            u.href = 'https://h/q?n=1'; out.push(u.href, p.get('n'));
            out
            """));
    }

    [Fact]
    public async Task URLSearchParams_takes_a_query_pairs_or_a_record_and_serializes_as_a_form()
    {
        var e = await Popup();
        Assert.Equal("""
            ["a=1&b=2+3&c=%C3%A9&d=","a=1&b+c=%C3%A9","x=1&x=2","x=1&x=2","a=b%3Dc&%25zz=&e=",["b=c","","2 3"],3]
            """.Trim(), await e.EvaluateAsync("popup", """
            const q = new URLSearchParams('?a=1&b=2+3&&c=%C3%A9&d');
            const r = new URLSearchParams({ a: '1', 'b c': 'é' });
            const s = new URLSearchParams([['x', '1'], ['x', 2]]);
            const t = new URLSearchParams('a=b=c&%zz&e=');
            [q.toString(), r.toString(), s.toString(), new URLSearchParams(s).toString(), t.toString(), [t.get('a'), t.get('e'), q.get('b')], t.size]
            """));
        Assert.Equal("""
            [["1","3"],"1",null,true,false,true,"a=1&a=3&b=2","b=2","a=z&b=2&c=1","a=1&a=2&b=0&%C3%A9=1","a=1;b=2;"]
            """.Trim(), await e.EvaluateAsync("popup", """
            const p = new URLSearchParams('a=1&b=2&a=3');
            const out = [p.getAll('a'), p.get('a'), p.get('none'), p.has('b'), p.has('b', '9'), p.has('b', '2')];
            p.sort(); out.push(p.toString());
            const d = new URLSearchParams('a=1&b=2&a=3'); d.delete('a'); out.push(d.toString());
            const setter = new URLSearchParams('a=x&b=2&a=y&c=1'); setter.set('a', 'z'); out.push(setter.toString());
            // A stable sort by code units: the two a's keep their order, é (U+00E9) sorts after b.
            const o = new URLSearchParams('é=1&b=0&a=1&a=2'); o.sort(); out.push(o.toString());
            let seen = ''; new URLSearchParams('a=1&b=2').forEach((v, k, all) => { seen += `${k}=${v};`; }); out.push(seen);
            out
            """));
    }

    [Theory]
    [InlineData(Flavor.Mdn, "URLSearchParams constructor: Expected a sequence of name-value pairs: each element must hold exactly two values", "URLSearchParams.append: At least 2 arguments required, but only 1 passed")]
    [InlineData(Flavor.Chrome, "Failed to construct 'URLSearchParams': Sequence initializer must only contain pair elements", "Failed to execute 'append' on 'URLSearchParams': 2 arguments required, but only 1 present.")]
    public async Task Bad_arguments_are_TypeErrors(Flavor flavor, string pairs, string arity)
    {
        var e = await Popup(flavor);
        Assert.Equal($"\"TypeError: {pairs}\"", await e.EvaluateAsync("popup", "try { new URLSearchParams([['a', 'b', 'c']]) } catch (x) { `${x.name}: ${x.message}` }"));
        Assert.Equal($"\"TypeError: {arity}\"", await e.EvaluateAsync("popup", "try { new URLSearchParams().append('a') } catch (x) { `${x.name}: ${x.message}` }"));
    }

    [Fact]
    public async Task URLSearchParams_iterates_its_pairs_live()
    {
        var e = await Popup();
        Assert.Equal("""
            [[["a","1"],["b","2"],["c","3"]],["a","b"],["1","2"],"[object URLSearchParams Iterator]",true,true,["a","b","c"],false]
            """.Trim(), await e.EvaluateAsync("popup", """
            const p = new URLSearchParams('a=1&b=2');
            const keys = p.keys();
            const first = keys.next().value;
            p.append('c', '3');
            const iteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));
            [[...p], [...new URLSearchParams('a=1&b=2').keys()], Array.from(new URLSearchParams('a=1&b=2').values()),
             Object.prototype.toString.call(p.entries()), Object.getPrototypeOf(Object.getPrototypeOf(p.entries())) === iteratorPrototype,
             p[Symbol.iterator] === p.entries, [first, ...keys], 'URLSearchParams Iterator' in window]
            """));
    }

    [Fact]
    public async Task CanParse_and_parse_are_static_members_of_URL()
    {
        var e = await Popup();
        Assert.Equal("""[true,false,true,null,"https://h/x",true]""", await e.EvaluateAsync("popup", """
            [URL.canParse('https://h'), URL.canParse('/x'), URL.canParse('/x', 'https://h'), URL.parse('nope'), URL.parse('/x', 'https://h').href,
             URL.parse('https://h') instanceof URL]
            """));
    }

    [Theory]
    [MemberData(nameof(AllFlavors))]
    public async Task URL_objects_show_scripts_nothing_of_the_runtime(Flavor flavor)
    {
        var e = await Popup(flavor);
        Assert.Equal("""[[],[],[],false,false,true,true,"TypeError","TypeError"]""", await e.EvaluateAsync("popup", """
            const u = new URL('https://h/?a=1');
            const p = u.searchParams;
            const err = f => { try { f(); return 'none'; } catch (x) { return x.name; } };
            [Object.getOwnPropertyNames(u), Object.getOwnPropertyNames(p), Object.getOwnPropertyNames(p.keys()),
             'GetType' in u, 'GetType' in p, u.constructor.constructor === Function, Object.getPrototypeOf(u) === URL.prototype,
             err(() => Object.getOwnPropertyDescriptor(URL.prototype, 'href').get.call({})), err(() => URLSearchParams.prototype.get.call(u, 'a'))]
            """));
    }
}
