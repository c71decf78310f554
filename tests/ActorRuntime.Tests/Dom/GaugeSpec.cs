using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Dom;

/// <summary><c>&lt;meter&gt;</c> and <c>&lt;progress&gt;</c>: numbers parsed from their attributes, defaulted and kept within bounds.</summary>
public class GaugeSpec : RuntimeSpec
{
    [Fact]
    public async Task Meter_and_progress_read_their_numbers_as_HTML_bounds_them()
    {
        var files = Manifests.Standard(Manifests.PersistentScripts, "");
        files["popup.html"] = """
            <!DOCTYPE html><html><body>
            <meter id="m" value="  2.5e1xyz" min="10" max="20" low="5" high="12" optimum="abc"></meter>
            <progress id="p" value="3" max="-1"></progress>
            </body></html>
            """;
        var e = await Load(files, Flavor.Mdn);
        await e.OpenAsync("popup");
        Assert.Equal("""
            [20,10,20,10,12,15,true,[0,1,0,-1],[1,1,1],"4",[0.5,"TypeError"]]
            """.Trim(), await e.EvaluateAsync("popup", """
            const m = document.getElementById('m'), p = document.getElementById('p');
            const fresh = document.createElement('meter');
            const bar = document.createElement('progress');
            const empty = [bar.value, bar.max, fresh.value, bar.position];
            bar.max = -3;
            let thrown = 'none';
            try { fresh.min = NaN; } catch (x) { thrown = x.name; }
            bar.value = 2; bar.max = 4;
            [m.value, m.min, m.max, m.low, m.high, m.optimum, m instanceof HTMLMeterElement, empty, [p.value, p.max, p.position], bar.getAttribute('max'),
             [bar.position, thrown]]
            """));
    }
}
