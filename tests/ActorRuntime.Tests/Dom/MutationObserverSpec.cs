using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Dom;

/// <summary>MutationObserver records what changed and delivers it in one batch from a microtask, as content scripts rely on.</summary>
public class MutationObserverSpec : RuntimeSpec
{
    private async Task<LoadedExtension> Popup(string script)
    {
        var files = Manifests.Standard(Manifests.PersistentScripts, "");
        files["popup.html"] = "<!DOCTYPE html><html><head><script src='popup.js'></script></head><body><div id='root' class='a'><p>x</p></div><p id='late'>late</p></body></html>";
        files["popup.js"] = script;
        var e = await Load(files);
        await e.OpenAsync("popup");
        return e;
    }

    [Fact]
    public async Task Child_list_attribute_and_text_changes_arrive_batched_after_the_script()
    {
        var e = await Popup("var batches = [];");
        Assert.Equal("""[0,[["childList","DIV",1,0],["attributes","DIV","class","a"],["childList","DIV",0,1],["characterData","#text",0,"x"]]]""", await e.EvaluateAsync("popup", """
            const root = document.getElementById('root');
            const observer = new MutationObserver((records, self) => batches.push(records.map(r =>
              [r.type, r.target.nodeName, r.type === 'attributes' ? r.attributeName : r.addedNodes.length, r.type === 'attributes' || r.type === 'characterData' ? r.oldValue : r.removedNodes.length])));
            observer.observe(root, { childList: true, attributes: true, attributeOldValue: true, characterData: true, characterDataOldValue: true, subtree: true });
            root.appendChild(document.createElement('span'));
            root.className = 'b';
            root.removeChild(root.querySelector('span'));
            root.querySelector('p').firstChild.data = 'y';
            const before = batches.length;
            await Promise.resolve();
            [before, batches[0]]
            """));
    }

    [Fact]
    public async Task Observers_see_the_parser_insert_the_rest_of_the_page()
    {
        var e = await Popup("""
            var added = [];
            new MutationObserver((records) => records.forEach(r => r.addedNodes.forEach(n => n.nodeType === 1 && added.push(n.id || n.tagName))))
              .observe(document.documentElement, { childList: true, subtree: true });
            """);
        Assert.Equal("true", await e.EvaluateAsync("popup", "added.includes('root') && added.includes('late')"));
    }

    [Fact]
    public async Task Disconnect_and_takeRecords_and_invalid_options()
    {
        var e = await Popup("");
        Assert.Equal("""[1,0,"TypeError"]""", await e.EvaluateAsync("popup", """
            let calls = 0;
            const observer = new MutationObserver(() => calls++);
            observer.observe(document.body, { childList: true });
            document.body.append('text');
            const taken = observer.takeRecords().length;
            document.body.append('more');
            observer.disconnect();
            await Promise.resolve();
            let error;
            try { observer.observe(document.body, {}); } catch (x) { error = x.name; }
            [taken, calls, error]
            """));
    }
}
