using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Dom;

/// <summary>Every page context has a document of its own HTML, with the DOM surface extension pages use.</summary>
public class DocumentSpec : RuntimeSpec
{
    private const string Page = """
        <!DOCTYPE html>
        <html lang="en"><head><title>  My
          Popup </title></head>
        <body>
          <div id="list" class="box wide" data-user-id="7" data-x="y" style="color: red; margin-top: 2px">
            <p class="item">One</p><p class="item">Two <b>bold</b></p>
          </div>
          <ul><li>a</li><li>b</li></ul>
          <span hidden>secret</span>
          <script src="popup.js"></script>
        </body></html>
        """;

    private async Task<LoadedExtension> Popup(Flavor flavor = Flavor.Mdn)
    {
        var files = Manifests.Standard(Manifests.PersistentScripts, "");
        files["popup.html"] = Page;
        var e = await Load(files, flavor);
        await e.OpenAsync("popup");
        return e;
    }

    [Fact]
    public async Task The_document_is_the_pages_own_with_its_structure()
    {
        var e = await Popup();
        Assert.Equal("""["My Popup","HTML","BODY","HEAD",2,"complete","LIST",true]""", await e.EvaluateAsync("popup", """
            [document.title, document.documentElement.tagName, document.body.tagName, document.head.nodeName,
             document.getElementsByClassName('item').length, document.readyState, document.getElementById('list').id.toUpperCase(),
             document.getElementById('list').parentNode === document.body]
            """));
        Assert.Equal("""["One","Two bold",2,"P","b",true,true,null]""", await e.EvaluateAsync("popup", """
            const items = document.querySelectorAll('#list .item');
            [items[0].textContent, items[1].textContent, items.length, items[1].tagName, document.querySelector('li:last-child').textContent,
             document.querySelector('ul').contains(document.querySelector('li')), items[0].nextElementSibling === items[1], document.querySelector('nav')]
            """));
    }

    [Fact]
    public async Task Nodes_have_their_interfaces_and_the_same_handle_every_time()
    {
        var e = await Popup();
        Assert.Equal("""[true,true,true,true,true,true,true,"[object HTMLDivElement]",0,true,true]""", await e.EvaluateAsync("popup", """
            const div = document.getElementById('list');
            [div instanceof HTMLDivElement, div instanceof HTMLElement, div instanceof Element, div instanceof Node, div instanceof EventTarget,
             document instanceof Document, div === document.querySelector('#list'), Object.prototype.toString.call(div), Object.keys(div).length,
             div.firstChild instanceof Text, Object.getPrototypeOf(div) === HTMLDivElement.prototype]
            """));
        // Expandos stay on the handle, as in browsers.
        Assert.Equal("42", await e.EvaluateAsync("popup", "document.getElementById('list').mine = 42; document.querySelector('.box').mine"));
    }

    [Fact]
    public async Task Trees_are_built_and_changed_as_in_browsers()
    {
        var e = await Popup();
        Assert.Equal("""["<p class=\"new\">hi <i>there</i></p>",3,"x,hi there,y","<em>a</em>b","cloned",true]""", await e.EvaluateAsync("popup", """
            const div = document.getElementById('list');
            const p = document.createElement('P');
            p.className = 'new';
            p.append('hi ', Object.assign(document.createElement('i'), { textContent: 'there' }));
            div.appendChild(p);
            const frag = document.createDocumentFragment();
            frag.appendChild(document.createTextNode('x'));
            frag.appendChild(p.cloneNode(true));
            frag.appendChild(document.createTextNode('y'));
            const holder = document.createElement('div');
            holder.appendChild(frag);
            const other = document.createElement('div');
            other.innerHTML = '<em>a</em>b';
            const copy = div.cloneNode(false);
            copy.id = 'cloned';
            [p.outerHTML, div.querySelectorAll('p').length, [...holder.childNodes].map(n => n.textContent).join(','), other.innerHTML, copy.id, frag.childNodes.length === 0]
            """));
        Assert.Equal("""["b,a",1,"z","q,r",false]""", await e.EvaluateAsync("popup", """
            const ul = document.querySelector('ul');
            ul.insertBefore(ul.lastElementChild, ul.firstElementChild);
            const order = [...ul.children].map(li => li.textContent).join(',');
            ul.firstElementChild.remove();
            const left = ul.children.length;
            ul.firstElementChild.replaceWith('z');
            const text = ul.textContent;
            ul.replaceChildren('q', 'r');
            [order, left, text, [...ul.childNodes].map(n => n.data).join(','), ul.hasAttribute('id')]
            """));
    }

    [Fact]
    public async Task Attributes_classes_dataset_and_style_are_live()
    {
        var e = await Popup();
        Assert.Equal("""["box wide",["box","wide"],true,"box tall","7","y",{"userId":"7","x":"y"},"data-new-key","red","2px"]""", await e.EvaluateAsync("popup", """
            const div = document.getElementById('list');
            const before = div.className;
            const list = [...div.classList];
            const has = div.classList.contains('wide');
            div.classList.remove('wide');
            div.classList.toggle('tall');
            div.dataset.newKey = 'v';
            [before, list, has, div.className, div.dataset.userId, div.getAttribute('data-x'), Object.fromEntries(Object.keys(div.dataset).filter(k => k !== 'newKey').map(k => [k, div.dataset[k]])),
             div.getAttributeNames().find(n => n === 'data-new-key'), div.style.color, div.style.marginTop]
            """));
        Assert.Equal("""["color: blue; display: none;","blue",true,false,true,"secret"]""", await e.EvaluateAsync("popup", """
            const styled = document.getElementById('list');
            styled.style.cssText = 'color: red';
            styled.style.color = 'blue';
            styled.style.setProperty('display', 'none');
            const span = document.querySelector('span');
            const wasHidden = span.hidden;
            span.hidden = false;
            [styled.getAttribute('style'), styled.style.getPropertyValue('color'), wasHidden, span.hasAttribute('hidden'), styled.toggleAttribute('data-flag'), span.textContent]
            """));
    }

    [Fact]
    public async Task Text_and_geometry_read_as_without_layout()
    {
        var e = await Popup();
        Assert.Equal("""["One\nTwo bold","One","a\nb",0,0,"{\"x\":0,\"y\":0,\"width\":0,\"height\":0,\"top\":0,\"right\":0,\"bottom\":0,\"left\":0}"]""", await e.EvaluateAsync("popup", """
            const rect = document.getElementById('list').getBoundingClientRect();
            [document.getElementById('list').innerText, document.querySelector('.item').innerText, document.querySelector('ul').innerText, rect.width, rect.top, JSON.stringify(rect)]
            """));
        Assert.Equal("\"line1<br>line2\"", await e.EvaluateAsync("popup", "const p = document.querySelector('.item'); p.innerText = 'line1\\nline2'; p.innerHTML"));
    }

    [Fact]
    public async Task Selectors_match_and_closest_finds_ancestors()
    {
        var e = await Popup();
        Assert.Equal("""[true,false,"LIST",null,true]""", await e.EvaluateAsync("popup", """
            const b = document.querySelector('b');
            [b.matches('#list b'), b.matches('ul b'), b.closest('div').id.toUpperCase(), b.closest('ul'), document.querySelector('p.item:first-child') !== null]
            """));
    }

    [Theory]
    [InlineData(Flavor.Mdn, "SyntaxError DOMException true 12")]
    [InlineData(Flavor.Chrome, "SyntaxError DOMException true 12")]
    public async Task Invalid_selectors_and_tree_errors_are_DOMExceptions(Flavor flavor, string expected)
    {
        var e = await Popup(flavor);
        Assert.Equal($"\"{expected}\"", await e.EvaluateAsync("popup", """
            try { document.querySelector('##'); } catch (x) { `${x.name} ${x.constructor.name} ${x instanceof Error} ${x.code}` }
            """));
        Assert.Equal("\"HierarchyRequestError\"", await e.EvaluateAsync("popup", """
            try { const d = document.getElementById('list'); d.appendChild(document.body); } catch (x) { x.name }
            """));
        Assert.Equal("\"InvalidCharacterError\"", await e.EvaluateAsync("popup", "try { document.createElement('1a'); } catch (x) { x.name }"));
    }

    [Fact]
    public async Task Processing_instructions_are_created_with_a_name_for_target_and_no_closing_in_their_data()
    {
        var e = await Popup(Flavor.Mdn);
        Assert.Equal("""["xml-stylesheet","href=x",7,true,"InvalidCharacterError","InvalidCharacterError"]""", await e.EvaluateAsync("popup", """
            const pi = document.createProcessingInstruction('xml-stylesheet', 'href=x');
            const out = [pi.target, pi.data, pi.nodeType, pi instanceof CharacterData];
            for (const [target, data] of [['1x', ''], ['x', 'a?>b']]) {
              try { document.createProcessingInstruction(target, data); out.push('created'); } catch (x) { out.push(x.name); }
            }
            out
            """));
    }

    [Fact]
    public async Task DOMException_has_its_legacy_code_constants_enumerable_on_the_constructor_and_the_prototype()
    {
        var e = await Popup(Flavor.Mdn);
        Assert.Equal("""[25,"INDEX_SIZE_ERR",true,false,false,25,8]""", await e.EvaluateAsync("popup", """
            const d = Object.getOwnPropertyDescriptor(DOMException, 'DATA_CLONE_ERR');
            [Object.keys(DOMException).length, Object.keys(DOMException.prototype)[0], d.enumerable, d.writable, d.configurable,
             DOMException.prototype.DATA_CLONE_ERR, new DOMException('gone', 'NotFoundError').NOT_FOUND_ERR]
            """));
    }

    [Theory]
    [InlineData(Flavor.Mdn, "'get textContent' called on an object that does not implement interface Node.")]
    [InlineData(Flavor.Chrome, "Illegal invocation")]
    public async Task Members_refuse_foreign_receivers_and_constructors_are_illegal(Flavor flavor, string message)
    {
        var e = await Popup(flavor);
        Assert.Equal($"\"TypeError: {message}\"", await e.EvaluateAsync("popup", """
            try { Object.getOwnPropertyDescriptor(Node.prototype, 'textContent').get.call({}); } catch (x) { `${x.name}: ${x.message}` }
            """));
        Assert.Equal("\"TypeError: Illegal constructor\"", await e.EvaluateAsync("popup", "try { new HTMLElement(); } catch (x) { `${x.name}: ${x.message}` }"));
    }

    [Fact]
    public async Task DOMParser_parses_without_running_scripts()
    {
        var e = await Popup();
        Assert.Equal("""["T",1,false,"complete"]""", await e.EvaluateAsync("popup", """
            const doc = new DOMParser().parseFromString('<title>T</title><p onclick="x()">a</p><script>window.ran = true</script>', 'text/html');
            [doc.title, doc.querySelectorAll('p').length, 'ran' in window, doc.readyState]
            """));
    }

    [Fact]
    public async Task The_background_scripts_page_is_generated_with_one_script_element_each()
    {
        var files = Manifests.Standard("\"background\": { \"scripts\": [\"lib.js\", \"background.js\"] },", "var seen = [document.scripts.length, document.currentScript.src.endsWith('/background.js'), document.readyState];");
        files["lib.js"] = "";
        var e = await Load(files);
        Assert.Equal("[2,true,\"loading\"]", await e.EvaluateAsync("background", "seen"));
        Assert.Equal("\"complete\"", await e.EvaluateAsync("background", "document.readyState"));
    }
}
