using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Cli;

/// <summary><c>run</c>'s page steps: acting on a page as a user would, reading elements, and giving a tab its web page.</summary>
public class PageStepsSpec
{
    private static Task<(int Code, string Out, string Err)> Run(params string[] args) => CommandLine.Run(args);

    private static ExtensionFolder Extension()
    {
        var files = Manifests.Standard(Manifests.PersistentScripts, "", """
            "content_scripts": [ { "matches": ["https://example.com/*"], "js": ["content.js"] } ],
            """);
        files["popup.html"] = """
            <!DOCTYPE html><html><body>
            <form id="f"><input id="name"><input type="checkbox" id="c"><select id="s"><option value="a">A</option><option value="b">B</option></select>
            <button id="go">Go</button></form><p id="out">  waiting
              for   input </p>
            <script src="popup.js"></script></body></html>
            """;
        files["popup.js"] = """
            const out = document.getElementById('out');
            document.getElementById('name').addEventListener('change', (e) => console.log('name changed to ' + e.target.value));
            document.getElementById('f').addEventListener('submit', (e) => {
              e.preventDefault();
              out.textContent = `${document.getElementById('name').value} ${document.getElementById('c').checked} ${document.getElementById('s').value}`;
            });
            """;
        files["content.js"] = "console.log('content sees ' + document.querySelector('h1').textContent);";
        return new ExtensionFolder(files);
    }

    [Fact]
    public async Task A_user_fills_and_submits_a_form_and_reads_the_result()
    {
        using var folder = Extension();
        var (code, output, error) = await Run("run", folder.Path, "--open", "popup", "--text", "#out", "--type", "#name", "Ann", "--check", "#c",
            "--select", "#s", "b", "--submit", "#f", "--text", "#out", "--html", "#c");
        Assert.Equal("", error);
        Assert.Equal("""
            [popup] #out: waiting for input
            [popup] name changed to Ann
            [popup] #out: Ann true b
            [popup] #c: <input type="checkbox" id="c">

            """.Replace("\r", ""), output);
        Assert.Equal(0, code);
    }

    [Fact]
    public async Task A_selector_that_matches_nothing_is_reported_and_the_run_goes_on_to_exit_1()
    {
        using var folder = Extension();
        var (code, output, _) = await Run("run", folder.Path, "--open", "popup", "--click", "#missing", "--eval", "1 + 1");
        Assert.Equal("[popup] no element matches #missing\n[popup] => 2\n", output);
        Assert.Equal(1, code);
    }

    [Fact]
    public async Task A_tab_gets_its_web_page_from_a_file()
    {
        using var folder = Extension();
        var page = Path.Combine(folder.Path, "..", Guid.NewGuid().ToString("N") + ".html");
        await File.WriteAllTextAsync(page, "<!DOCTYPE html><html><body><h1>Welcome</h1></body></html>");
        try
        {
            var (code, output, error) = await Run("run", folder.Path, "--page", page, "--open", "tab:https://example.com/", "--text", "h1");
            Assert.Equal("", error);
            Assert.Equal("[content:https://example.com/] content sees Welcome\n[content:https://example.com/] h1: Welcome\n", output);
            Assert.Equal(0, code);
        }
        finally
        {
            File.Delete(page);
        }
    }

    [Theory]
    [InlineData(new[] { "--page", "/nonexistent/page.html", "--open", "tab:https://example.com/" }, "error: --page /nonexistent/page.html: no such file\n")]
    [InlineData(new[] { "--type", "#name" }, "error: --type needs <selector> <text>\n")]
    [InlineData(new[] { "--click", "#a", "#b" }, "error: --click takes <selector>, and \"#b\" is one more\n")]
    public async Task Bad_page_steps_are_bad_input(string[] steps, string expected)
    {
        using var folder = Extension();
        var (code, _, error) = await Run(["run", folder.Path, "--open", "popup", .. steps]);
        Assert.Contains(expected.TrimEnd('\n'), error);
        Assert.Equal(2, code);
    }

    private static readonly string Examples = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "examples"));

    [Fact]
    public async Task The_form_popup_example_prints_what_the_README_shows()
    {
        var (code, output, error) = await Run("run", Path.Combine(Examples, "form-popup"), "--open", "popup", "--type", "#note", "Buy milk",
            "--select", "#priority", "high", "--check", "#urgent", "--submit", "#note-form", "--text", "#status", "--html", "#notes");
        Assert.Equal("", error);
        Assert.Equal("""
            [background] saved note 1: Buy milk (high, urgent)
            [popup] #status: 1 note saved.
            [popup] #notes: <ul id="notes"><li class="high" data-urgent="yes">Buy milk</li></ul>

            """.Replace("\r", ""), output);
        Assert.Equal(0, code);
    }

    [Fact]
    public async Task The_content_script_example_prints_what_the_README_shows()
    {
        var folder = Path.Combine(Examples, "content-script");
        var (code, output, error) = await Run("run", folder, "--page", Path.Combine(folder, "page.html"), "--open", "tab:https://example.com/",
            "--text", "#link-count", "--html", "a[title]");
        Assert.Equal("", error);
        Assert.Equal("""
            [tab:https://example.com/] the page's own script ran
            [content:https://example.com/] page global visible here: false
            [background] https://example.com/ has 2 external link(s) of 3
            [content:https://example.com/] background answered {"thanks":true}
            [content:https://example.com/] #link-count: 2 external link(s)
            [content:https://example.com/] a[title]: <a href="https://www.iana.org/domains/example" class="external" title="Leaves example.com">More information...</a>

            """.Replace("\r", ""), output);
        Assert.Equal(0, code);
    }
}
