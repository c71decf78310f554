using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Dom;

/// <summary>The window's named properties: elements by id (and forms, images, embeds, objects by name) on the global, after its own members.</summary>
public class WindowNamedPropertiesSpec : RuntimeSpec
{
    [Fact]
    public async Task Elements_are_named_on_the_window_after_its_own_properties()
    {
        var files = Manifests.Standard(Manifests.PersistentScripts, "");
        files["popup.html"] = """
            <!DOCTYPE html><html><body>
            <div id="box"></div><form name="signup"></form><img name="pic"><img id="pic"><div id="document"></div>
            </body></html>
            """;
        var e = await Load(files, Flavor.Mdn);
        await e.OpenAsync("popup");
        Assert.Equal("""
            [true,"FORM","HTMLCollection",2,true,"undefined",false,7,true]
            """.Trim(), await e.EvaluateAsync("popup", """
            const out = [box === document.getElementById('box'), signup.tagName, pic.constructor.name, pic.length,
              window.document === document, typeof missingName, Object.keys(window).includes('box')];
            window.box = 7;
            document.getElementById('pic').remove();
            out.push(box, pic instanceof HTMLImageElement);
            out
            """));
    }
}
