using ActorRuntime.Conformance.Wpt;

namespace ActorRuntime.Tests.Conformance;

/// <summary>The conformance harness moves a WPT page's inline scripts into files, in place, and leaves everything else as it was.</summary>
public class PageRewriterSpec
{
    [Fact]
    public void Inline_scripts_become_files_in_place_and_everything_else_is_kept()
    {
        var page = """
            <!doctype html><title>a <script> in a title</title>
            <script src="/resources/testharness.js"></script>
            <!-- <script>notAScript()</script> -->
            <script defer type="text/javascript" id=one>first(); // "</scr" + "ipt>"
            </script>
            <div title="<script>neither()</script>">x</div>
            <script type="text/plain" id=data>keep me</script>
            <textarea><script>text()</script></textarea>
            <SCRIPT async type=module>second();</SCRIPT >
            """;
        var rewritten = PageRewriter.Rewrite(page, "t.html");
        Assert.Equal([("t.html.inline-0.js", "first(); // \"</scr\" + \"ipt>\"\n"), ("t.html.inline-1.js", "second();")], rewritten.Scripts);
        Assert.Equal("""
            <!doctype html><title>a <script> in a title</title>
            <script src="/resources/testharness.js"></script>
            <!-- <script>notAScript()</script> -->
            <script type="text/javascript" id=one src="t.html.inline-0.js"></script>
            <div title="<script>neither()</script>">x</div>
            <script type="text/plain" id=data>keep me</script>
            <textarea><script>text()</script></textarea>
            <script type=module src="t.html.inline-1.js"></script>
            """, rewritten.Html);
        Assert.Equal(0, rewritten.InlineHandlers);
        Assert.Equal(2, PageRewriter.Rewrite("<body onload=\"go()\"><p onclick='x()'>", "p.html").InlineHandlers);
    }
}
