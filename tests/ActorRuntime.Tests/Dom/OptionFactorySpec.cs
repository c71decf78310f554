using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Dom;

/// <summary>The <c>Option</c> factory, a select's live <c>options</c>, and file inputs' <c>files</c>.</summary>
public class OptionFactorySpec : RuntimeSpec
{
    [Fact]
    public async Task Option_makes_option_elements_and_a_selects_options_follow_its_children()
    {
        var e = await Load(Manifests.Standard(Manifests.PersistentScripts, ""), Flavor.Mdn);
        await e.OpenAsync("popup");
        Assert.Equal("""
            [true,"text","v",true,false,true,"TypeError",true,2,"2",true,true,0,null]
            """.Trim(), await e.EvaluateAsync("popup", """
            const o = new Option('text', 'v', true, false);
            const out = [o instanceof HTMLOptionElement, o.textContent, o.value, o.hasAttribute('selected'), o.selected, Option.prototype === HTMLOptionElement.prototype];
            try { Option(); out.push('called'); } catch (x) { out.push(x.name); }
            const select = document.createElement('select');
            const options = select.options;
            const named = new Option('b', '2'); named.id = 'second';
            select.append(new Option('a', '1'), named);
            out.push(options === select.options, options.length, options[1].value, options.namedItem('second') === named);
            const file = document.createElement('input'); file.type = 'file';
            out.push(file.files === file.files, file.files.length, document.createElement('input').files);
            out
            """));
    }
}
