using System.Text;
using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Apis;

/// <summary>
/// <c>fetch</c> and <c>XMLHttpRequest</c> over a network that reaches nothing: answered from the responses the host
/// registered (or the extension's own files), on a later turn; anything else fails as a browser's offline request does.
/// </summary>
public sealed class NetworkSpec : RuntimeSpec
{
    private Task<LoadedExtension> Extension(Flavor flavor = Flavor.Mdn) =>
        Load(new Dictionary<string, string>(Manifests.Standard(Manifests.PersistentScripts, ""))
        {
            ["popup.js"] = "",
            ["data/info.json"] = """{ "from": "the extension" }""",
            ["notes.txt"] = "plain words",
        }, flavor);

    private static readonly ResponseSpec IpInfo = ResponseSpec.Json("""{ "ip": "192.0.2.1", "country": "NZ" }""");

    [Theory]
    [MemberData(nameof(AllFlavors))]
    public async Task A_registered_response_answers_the_requests_its_pattern_matches(Flavor flavor)
    {
        var e = await Extension(flavor);
        e.Respond("https://ipinfo.io/*", IpInfo);
        await e.OpenAsync("popup");
        Assert.Equal("""[200,true,"OK","application/json","https://ipinfo.io/json?token=1",false,"cors",{"ip":"192.0.2.1","country":"NZ"}]""",
            await e.EvaluateAsync("popup", """
                const r = await fetch('https://ipinfo.io/json?token=1#top');
                [r.status, r.ok, r.statusText, r.headers.get('Content-Type'), r.url, r.redirected, r.type, await r.json()]
                """));
    }

    [Theory]
    [InlineData(Flavor.Mdn, "TypeError: NetworkError when attempting to fetch resource.")]
    [InlineData(Flavor.Firefox, "TypeError: NetworkError when attempting to fetch resource.")]
    [InlineData(Flavor.Chrome, "TypeError: Failed to fetch")]
    public async Task A_request_nothing_answers_fails_as_an_offline_browsers_does(Flavor flavor, string error)
    {
        var e = await Extension(flavor);
        e.Respond("https://ipinfo.io/*", IpInfo);
        Assert.Equal($$"""["{{error}}","{{error}}",true]""", await e.EvaluateAsync("background", """
            const failed = p => p.then(() => 'answered', err => err.name + ': ' + err.message);
            [await failed(fetch('https://example.com/')), await failed(fetch('http://ipinfo.io/json')),
             await fetch('https://example.org/').then(() => false, err => err instanceof TypeError)]
            """));
    }

    /// <summary>An extension whose popup is open, with ipinfo.io answered from the registry.</summary>
    private async Task<LoadedExtension> PopupWithIpInfo()
    {
        var e = await Extension();
        e.Respond("https://ipinfo.io/*", IpInfo);
        await e.OpenAsync("popup");
        return e;
    }

    [Fact]
    public async Task The_answer_comes_on_a_later_turn_and_the_extension_is_busy_until_then()
    {
        var e = await PopupWithIpInfo();
        Assert.Equal("\"pending\"", await e.EvaluateAsync("popup", """
            window.got = 'pending';
            fetch('https://ipinfo.io/json').then(r => r.json()).then(body => got = body.country);
            await null; await null;
            got
            """));
        await e.SettleAsync();
        Assert.Equal("\"NZ\"", await e.EvaluateAsync("popup", "got"));
    }

    [Fact]
    public async Task The_newest_registration_that_matches_answers_and_a_pattern_registered_again_is_replaced()
    {
        var e = await Extension();
        e.Respond("<all_urls>", ResponseSpec.Text("anything"));
        e.Respond("https://*.example.com/api/*", ResponseSpec.Text("api", status: 201));
        e.Respond("https://ipinfo.io/*", IpInfo);
        e.Respond("https://ipinfo.io/*", ResponseSpec.Json("{\"replaced\":true}") with { StatusText = "Fine" });
        Assert.Equal("""["anything:200","api:201","{\"replaced\":true}:200 Fine"]""", await e.EvaluateAsync("background", """
            const read = async url => { const r = await fetch(url); return (await r.text()) + ':' + r.status + (r.statusText === 'OK' || r.statusText === 'Created' ? '' : ' ' + r.statusText); };
            [await read('http://elsewhere.net/'), await read('https://www.example.com/api/v1'), await read('https://ipinfo.io/')]
            """));
    }

    [Fact]
    public async Task The_extensions_own_files_answer_its_urls_and_nothing_outside_the_folder_does()
    {
        var e = await Extension();
        await e.OpenAsync("popup");
        Assert.Equal("""[{"from":"the extension"},"application/json","plain words","text/plain",true,"basic"]""", await e.EvaluateAsync("popup", """
            const json = await fetch('data/info.json');
            const text = await fetch('/notes.txt');
            [await json.json(), json.headers.get('content-type'), await text.text(), text.headers.get('content-type'),
             json.url === browser.runtime.getURL('data/info.json') && text.url === browser.runtime.getURL('notes.txt'), json.type]
            """));
        Assert.Equal("""["failed","failed","failed"]""", await e.EvaluateAsync("popup", """
            const failed = p => p.then(() => 'answered', () => 'failed');
            [await failed(fetch('missing.json')), await failed(fetch('../../../../etc/passwd')), await failed(fetch('moz-extension://00000000-0000-0000-0000-000000000000/notes.txt'))]
            """));
    }

    [Theory]
    [InlineData(Flavor.Mdn, "The operation was aborted. ")]
    [InlineData(Flavor.Chrome, "signal is aborted without reason")]
    public async Task An_abort_signal_rejects_the_fetch_with_an_AbortError(Flavor flavor, string message)
    {
        var e = await Extension(flavor);
        e.Respond("https://ipinfo.io/*", IpInfo);
        Assert.Equal($$"""["AbortError","{{message}}","AbortError","gone"]""", await e.EvaluateAsync("background", """
            const c = new AbortController();
            const pending = fetch('https://ipinfo.io/json', { signal: c.signal });
            c.abort();
            const first = await pending.catch(err => err);
            const before = await fetch('https://ipinfo.io/json', { signal: c.signal }).catch(err => err);
            const custom = new AbortController();
            const reason = fetch('https://ipinfo.io/json', { signal: custom.signal });
            custom.abort('gone');
            [first.name, first.message, before.name, await reason.catch(err => err)]
            """));
    }

    [Fact]
    public async Task Headers_Request_and_Response_behave_as_the_Fetch_standard_says()
    {
        var e = await Extension();
        await e.OpenAsync("popup");
        Assert.Equal("""["1, 2",true,false,[["a","1, 2"],["b","3"]],"a=1, 2;b=3;","TypeError"]""", await e.EvaluateAsync("popup", """
            const h = new Headers({ A: '1' });
            h.append('a', ' 2 ');
            h.set('B', '3');
            const seen = [];
            h.forEach((value, name) => seen.push(name + '=' + value + ';'));
            let invalid;
            try { h.append('bad name', 'x'); } catch (err) { invalid = err.name; }
            [h.get('a'), h.has('B'), h.has('c'), [...h], seen.join(''), invalid]
            """));
        Assert.Equal("""["POST",true,"x=1","text/plain;charset=UTF-8","TypeError","TypeError"]""", await e.EvaluateAsync("popup", """
            const req = new Request('data/info.json', { method: 'post', body: 'x=1' });
            const text = await req.text();
            const again = await req.text().catch(err => err.name);
            let withBody;
            try { new Request('a', { method: 'GET', body: 'x' }); } catch (err) { withBody = err.name; }
            [req.method, req.url.endsWith('/data/info.json'), text, req.headers.get('content-type'), again, withBody]
            """));
        Assert.Equal("""[201,"made",false,"hi",true,{"a":1},"application/json",0,"error","RangeError"]""", await e.EvaluateAsync("popup", """
            const r = new Response('hi', { status: 201, statusText: 'made' });
            const json = Response.json({ a: 1 });
            let range;
            try { new Response('', { status: 99 }); } catch (err) { range = err.name; }
            [r.status, r.statusText, r.bodyUsed, await r.text(), r.bodyUsed, await json.json(), json.headers.get('content-type'),
             Response.error().status, Response.error().type, range]
            """));
        Assert.Equal("[3,104,\"ok\"]", await e.EvaluateAsync("popup", """
            const buffer = await new Response(new Uint8Array([104, 105, 33])).arrayBuffer();
            const data = await fetch('data:text/plain,ok');
            [buffer.byteLength, new Uint8Array(buffer)[0], await data.text()]
            """));
    }

    [Fact]
    public async Task Each_request_gets_its_own_copy_of_a_registered_body_and_HEAD_gets_none()
    {
        var e = await Extension();
        e.Respond("https://bytes.example/*", ResponseSpec.Bytes([1, 2, 3], "application/octet-stream"));
        Assert.Equal("[9,1,0,\"application/octet-stream\"]", await e.EvaluateAsync("background", """
            const first = new Uint8Array(await (await fetch('https://bytes.example/')).arrayBuffer());
            first[0] = 9;
            const second = await (await fetch('https://bytes.example/')).bytes();
            const head = await fetch('https://bytes.example/', { method: 'HEAD' });
            [first[0], second[0], (await head.arrayBuffer()).byteLength, head.headers.get('content-type')]
            """));
    }

    [Fact]
    public async Task A_response_header_cannot_be_changed_by_the_page()
    {
        var e = await Extension(Flavor.Chrome);
        e.Respond("https://ipinfo.io/*", IpInfo);
        var failure = await Assert.ThrowsAsync<ScriptFailureException>(() => e.EvaluateAsync("background",
            "const r = await fetch('https://ipinfo.io/'); r.headers.set('x', '1')"));
        Assert.Equal("Uncaught TypeError: Failed to execute 'set' on 'Headers': Headers are immutable", failure.Message);
    }

    [Fact]
    public async Task Redirects_are_followed_to_whatever_answers_the_new_url()
    {
        var e = await Extension();
        e.Respond("https://old.example/*", new ResponseSpec { Status = 301, Headers = [new("Location", "https://ipinfo.io/moved")] });
        e.Respond("https://ipinfo.io/*", IpInfo);
        e.Respond("https://loop.example/*", new ResponseSpec { Status = 302, Headers = [new("Location", "/again")] });
        Assert.Equal("""[true,"https://ipinfo.io/moved","NZ","failed"]""", await e.EvaluateAsync("background", """
            const r = await fetch('https://old.example/here');
            [r.redirected, r.url, (await r.json()).country, await fetch('https://loop.example/').then(() => 'answered', () => 'failed')]
            """));
    }

    [Fact]
    public async Task XMLHttpRequest_loads_a_registered_response_with_its_events_in_order()
    {
        var e = await PopupWithIpInfo();
        await e.EvaluateAsync("popup", """
            window.log = [];
            const xhr = new XMLHttpRequest();
            window.xhr = xhr;
            xhr.onreadystatechange = () => log.push('state ' + xhr.readyState);
            for (const type of ['loadstart', 'progress', 'load', 'error', 'loadend']) xhr.addEventListener(type, ev => log.push(type + ' ' + ev.loaded));
            xhr.open('GET', 'https://ipinfo.io/json');
            xhr.setRequestHeader('Accept', 'application/json');
            xhr.send();
            log.push('sent');
            0
            """);
        await e.SettleAsync();
        Assert.Equal("""["state 1","loadstart 0","sent","state 2","state 3","progress 38","state 4","load 38","loadend 38"]""", await e.EvaluateAsync("popup", "log"));
        Assert.Equal("""[200,"OK","NZ","application/json","content-type: application/json\r\n","https://ipinfo.io/json"]""", await e.EvaluateAsync("popup",
            "[xhr.status, xhr.statusText, JSON.parse(xhr.responseText).country, xhr.getResponseHeader('Content-Type'), xhr.getAllResponseHeaders(), xhr.responseURL]"));
    }

    [Fact]
    public async Task XMLHttpRequest_offline_fires_error_with_status_0_and_responseType_shapes_the_response()
    {
        var e = await PopupWithIpInfo();
        await e.EvaluateAsync("popup", """
            window.log = [];
            const failing = new XMLHttpRequest();
            window.failing = failing;
            failing.onreadystatechange = () => log.push('state ' + failing.readyState);
            failing.onerror = () => log.push('error');
            failing.onload = () => log.push('load');
            failing.onloadend = () => log.push('loadend');
            failing.open('GET', 'https://example.com/');
            failing.send();
            window.json = new XMLHttpRequest();
            json.responseType = 'json';
            json.open('GET', 'https://ipinfo.io/json');
            json.send();
            window.bytes = new XMLHttpRequest();
            bytes.responseType = 'arraybuffer';
            bytes.open('GET', 'notes.txt');
            bytes.send();
            0
            """);
        await e.SettleAsync();
        Assert.Equal("""[["state 1","state 4","error","loadend"],0,"","NZ",true,11]""", await e.EvaluateAsync("popup",
            "[log, failing.status, failing.responseText, json.response.country, json.response === json.response, bytes.response.byteLength]"));
    }

    [Fact]
    public async Task XMLHttpRequest_abort_ends_the_request_and_a_late_answer_is_ignored()
    {
        var e = await PopupWithIpInfo();
        await e.EvaluateAsync("popup", """
            window.log = [];
            const xhr = new XMLHttpRequest();
            window.xhr = xhr;
            for (const type of ['readystatechange', 'abort', 'load', 'loadend']) xhr.addEventListener(type, () => log.push(type + ' ' + xhr.readyState));
            xhr.open('GET', 'https://ipinfo.io/json');
            xhr.send();
            xhr.abort();
            0
            """);
        await e.SettleAsync();
        Assert.Equal("""[["readystatechange 1","readystatechange 4","abort 4","loadend 4"],0,0]""", await e.EvaluateAsync("popup", "[log, xhr.readyState, xhr.status]"));
    }

    [Theory]
    [InlineData("ipinfo.io/*", "expected <all_urls> or <scheme>://<host>/<path>")]
    [InlineData("gopher://ipinfo.io/*", "scheme \"gopher\": expected one of *, http, https, ws, wss, ftp, file")]
    [InlineData("https://ip*.io/*", "host \"ip*.io\": * may only be the whole host or its first label (*.example.com)")]
    public async Task A_pattern_that_is_no_match_pattern_is_refused(string pattern, string reason)
    {
        var e = await Extension();
        var refused = Assert.Throws<ExtensionRequestException>(() => e.Respond(pattern, IpInfo));
        Assert.Equal($"cannot respond to \"{pattern}\": {reason}", refused.Message);
        Assert.Throws<ExtensionRequestException>(() => e.Respond("https://ipinfo.io/*", IpInfo with { Status = 0 }));
        Assert.Throws<ExtensionRequestException>(() => e.Respond("https://ipinfo.io/*", IpInfo with { Headers = [new("bad name", "x")] }));
    }

    [Fact]
    public void Response_specs_carry_file_bytes_with_the_content_type_of_their_extension()
    {
        Assert.Equal("application/json", ResponseSpec.ContentTypeFor("a/b.JSON"));
        Assert.Equal("text/html", ResponseSpec.ContentTypeFor("page.html"));
        Assert.Equal("text/plain", ResponseSpec.ContentTypeFor("notes.txt"));
        Assert.Equal("application/octet-stream", ResponseSpec.ContentTypeFor("archive.bin"));
        Assert.Equal("{}", Encoding.UTF8.GetString(ResponseSpec.Json("{}").Body));
    }
}
