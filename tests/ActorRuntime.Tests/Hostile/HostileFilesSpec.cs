using ActorRuntime.Lifecycle;
using ActorRuntime.Manifest;
using ActorRuntime.Tests.Support;
using Akka.Actor;
using static ActorRuntime.Lifecycle.ExtensionSupervisor.Protocol;

namespace ActorRuntime.Tests.Hostile;

/// <summary>
/// Extension folders built to read the host's files or hang the runtime: links out of the folder, loops, pipes,
/// directories, oversized files and pages. A file the manifest names refuses the extension at load with one line;
/// a script a page names gives one "Loading failed" line and the page goes on; the runtime keeps answering.
/// </summary>
public sealed class HostileFilesSpec : RuntimeSpec
{
    private readonly List<HostileSandbox> _sandboxes = new();

    private static string Manifest(string background = "\"scripts\": [\"bg.js\"]", string extra = "") => $$"""
        { "manifest_version": 2, "name": "hostile", "version": "1",
          "background": { {{background}} },
          "browser_action": { "default_popup": "popup.html" },
          {{extra}} }
        """;

    private HostileSandbox Sandbox(string manifest = "", Dictionary<string, string>? files = null)
    {
        var all = new Dictionary<string, string>(files ?? new())
        {
            ["manifest.json"] = manifest.Length > 0 ? manifest : Manifest(),
        };
        all.TryAdd("popup.html", ExtensionFolder.Html());
        var sandbox = new HostileSandbox(all);
        _sandboxes.Add(sandbox);
        return sandbox;
    }

    private async Task<LoadedExtension> LoadFolder(string path, FileLimits? limits = null)
    {
        var state = ExtensionSpawner.NewState(ExtensionPackage.Load(path, limits), Options(Flavor.Mdn));
        var spawned = ExtensionSpawner.Spawn(Sys, state);
        await spawned.Supervisor.Ask<Started>(Start.Instance, AskTimeout);
        return new LoadedExtension(spawned, AskTimeout);
    }

    /// <summary>An extension loaded beside the hostile ones: it must answer after each of them.</summary>
    private Task<LoadedExtension> Neighbour() => Load(Manifests.Standard(Manifests.PersistentScripts, "var healthy = 40 + 2;"));

    private static async Task AssertAnswers(LoadedExtension extension) => Assert.Equal("42", await extension.EvaluateAsync("background", "healthy"));

    private static FileLimits Limits(long maxFileSize = 64L << 20, int maxHtmlDepth = 512) => new() { MaxFileSize = maxFileSize, MaxHtmlDepth = maxHtmlDepth };

    /// <summary>Markup on which AngleSharp 1.10 throws NullReferenceException.</summary>
    private const string Unparseable = "<p><select><xmp>y</xmp><select></tbody>";

    private static string Nested(int depth) => "<html><body>" + string.Concat(Enumerable.Repeat("<div>", depth)) + "</body></html>";

    public static IEnumerable<object[]> RefusedAtLoad() =>
    [
        ["script linked out of the folder", "{m}: background script \"bg.js\" is refused: it leads outside the extension folder through the symbolic link \"bg.js\""],
        ["script linked by an absolute path", "{m}: background script \"bg.js\" is refused: it leads outside the extension folder through the symbolic link \"bg.js\""],
        ["folder on the way linked out", "{m}: background script \"lib/bg.js\" is refused: it leads outside the extension folder through the symbolic link \"lib\""],
        ["script linked to a device", "{m}: background script \"bg.js\" is refused: it leads outside the extension folder through the symbolic link \"bg.js\""],
        ["link to a missing file outside", "{m}: background script \"bg.js\" is refused: it leads outside the extension folder through the symbolic link \"bg.js\""],
        ["link loop", "{m}: background script \"bg.js\" is refused: symbolic links loop from \"bg.js\" (more than 40 followed)"],
        ["two links pointing at each other", "{m}: background script \"bg.js\" is refused: symbolic links loop from \"bg.js\" (more than 40 followed)"],
        ["script is a named pipe", "{m}: background script \"bg.js\" is refused: it is a named pipe (FIFO), not a regular file"],
        ["script is a directory", "{m}: background script \"bg.js\" is refused: it is a directory, not a regular file"],
        ["script over the size limit", "{m}: background script \"bg.js\" is refused: it is 1025 bytes, over the 1 KiB limit (actorruntime.files.max-file-size)"],
        ["script outside by its path", "{m}: background script \"../outside/secret.js\": expected a path inside the extension folder"],
        ["manifest linked out of the folder", "{m} is refused: it leads outside the extension folder through the symbolic link \"manifest.json\""],
        ["manifest is a named pipe", "{m} is refused: it is a named pipe (FIFO), not a regular file"],
        ["background page is a named pipe", "{m}: background page \"bg.html\" is refused: it is a named pipe (FIFO), not a regular file"],
        ["popup nested too deeply", "{m}: popup \"popup.html\" is refused: its elements nest deeper than 512 levels (actorruntime.files.max-html-depth)"],
        ["popup AngleSharp fails on", "{m}: popup \"popup.html\" is refused: it cannot be parsed (AngleSharp failed with NullReferenceException)"],
        ["options page linked out", "{m}: options page \"options.html\" is refused: it leads outside the extension folder through the symbolic link \"options.html\""],
        ["sidebar over the size limit", "{m}: sidebar panel \"sidebar.html\" is refused: it is 1025 bytes, over the 1 KiB limit (actorruntime.files.max-file-size)"],
        ["content script is a named pipe", "{m}: content script \"cs.js\" is refused: it is a named pipe (FIFO), not a regular file"],
    ];

    [Theory, MemberData(nameof(RefusedAtLoad))]
    public async Task A_refused_file_named_by_the_manifest_refuses_the_extension_at_load(string kind, string expected)
    {
        var neighbour = await Neighbour();
        var sandbox = Sandbox(kind switch
        {
            "background page is a named pipe" => Manifest("\"page\": \"bg.html\""),
            "script outside by its path" => Manifest("\"scripts\": [\"../outside/secret.js\"]"),
            "folder on the way linked out" => Manifest("\"scripts\": [\"lib/bg.js\"]"),
            "options page linked out" => Manifest(extra: "\"options_ui\": { \"page\": \"options.html\" }"),
            "sidebar over the size limit" => Manifest(extra: "\"sidebar_action\": { \"default_panel\": \"sidebar.html\" }"),
            "content script is a named pipe" => Manifest(extra: "\"content_scripts\": [ { \"matches\": [\"<all_urls>\"], \"js\": [\"ok.js\", \"cs.js\"] } ]"),
            _ => "",
        }, new() { ["bg.js"] = "var secret = 'none';", ["ok.js"] = "" });
        var secret = sandbox.Outside("secret.js", "var secret = 'from the host';");
        switch (kind)
        {
            case "script linked out of the folder": sandbox.Link("bg.js", "../outside/secret.js"); break;
            case "script linked by an absolute path": sandbox.Link("bg.js", secret); break;
            case "folder on the way linked out":
                sandbox.Outside("lib/bg.js", "var secret = 'from the host';");
                sandbox.Link("lib", "../outside/lib");
                break;
            case "script linked to a device": sandbox.Link("bg.js", "/dev/zero"); break;
            case "link to a missing file outside": sandbox.Link("bg.js", "../outside/nothing-here.js"); break;
            case "link loop": sandbox.Link("bg.js", "bg.js"); break;
            case "two links pointing at each other":
                sandbox.Link("bg.js", "other.js");
                sandbox.Link("other.js", "./bg.js");
                break;
            case "script is a named pipe": File.Delete(Path.Combine(sandbox.Extension, "bg.js")); sandbox.Fifo("bg.js"); break;
            case "script is a directory": File.Delete(Path.Combine(sandbox.Extension, "bg.js")); sandbox.Folder("bg.js"); break;
            case "script over the size limit": sandbox.Write("bg.js", "//" + new string('x', 1023)); break;
            case "manifest linked out of the folder":
                File.Move(sandbox.ManifestPath, Path.Combine(sandbox.Root, "outside", "manifest.json"));
                sandbox.Link("manifest.json", "../outside/manifest.json");
                break;
            case "manifest is a named pipe": File.Delete(sandbox.ManifestPath); sandbox.Fifo("manifest.json"); break;
            case "background page is a named pipe": sandbox.Fifo("bg.html"); break;
            case "popup nested too deeply": sandbox.Write("popup.html", Nested(511)); break;
            case "popup AngleSharp fails on": sandbox.Write("popup.html", Unparseable); break;
            case "options page linked out": sandbox.Link("options.html", "../outside/secret.js"); break;
            case "sidebar over the size limit": sandbox.Write("sidebar.html", "<p>" + new string('x', 1022)); break;
            case "content script is a named pipe": sandbox.Fifo("cs.js"); break;
        }
        var limits = kind.Contains("size limit", StringComparison.Ordinal) ? Limits(maxFileSize: 1024) : null;

        var failure = Assert.Throws<ManifestException>(() => ExtensionPackage.Load(sandbox.Extension, limits));
        Assert.Equal(expected.Replace("{m}", sandbox.ManifestPath), failure.Message);
        await AssertAnswers(neighbour);
    }

    [Fact]
    public async Task Files_at_the_limits_and_links_that_stay_inside_are_accepted()
    {
        var sandbox = Sandbox(Manifest("\"scripts\": [\"bg.js\", \"sub/back.js\", \"exact.js\"]"), new()
        {
            ["real/bg.js"] = "var order = ['bg'];",
            ["real.js"] = "order.push('back');",
            // Exactly the size limit, and a page exactly at the depth limit (level 512).
            ["exact.js"] = "order.push('exact');//" + new string('x', 4096 - 22),
            ["popup.html"] = Nested(510),
        });
        sandbox.Link("bg.js", "real/bg.js");
        // Out of the folder by its parent and back in by its name: the resolved file is inside.
        sandbox.Link("sub/back.js", "../../ext/real.js");
        // The extension folder itself may be reached through a link.
        var linkToFolder = Path.Combine(sandbox.Root, "link-to-ext");
        Directory.CreateSymbolicLink(linkToFolder, "ext");

        var extension = await LoadFolder(linkToFolder, Limits(maxFileSize: 4096));
        Assert.Equal("[\"bg\",\"back\",\"exact\"]", await extension.EvaluateAsync("background", "order"));
        Assert.Equal("popup", await extension.OpenAsync("popup"));
    }

    [Fact]
    public async Task A_missing_file_named_by_the_manifest_keeps_the_browsers_behaviour()
    {
        var sandbox = Sandbox(Manifest("\"scripts\": [\"missing.js\", \"bg.js\"]"), new() { ["bg.js"] = "var healthy = 42;" });
        var extension = await LoadFolder(sandbox.Extension);
        Assert.Equal(["Loading failed for the script with source \"missing.js\": no such file in the extension"], Lines("background"));
        await AssertAnswers(extension);
    }

    [Fact]
    public async Task Refused_scripts_of_a_page_each_give_one_line_and_the_page_goes_on()
    {
        var neighbour = await Neighbour();
        var sandbox = Sandbox(files: new()
        {
            ["bg.js"] = "var healthy = 42;",
            ["popup.html"] = ExtensionFolder.Html("a.js", "out.js", "lib/x.js", "pipe.js", "dir.js", "loop.js", "big.js", "zero.js", "missing.js", "b.js"),
            ["a.js"] = "var order = ['a'];",
            ["b.js"] = "order.push('b');",
            ["big.js"] = "order.push('big');//" + new string('x', 2000),
        });
        sandbox.Outside("secret.js", "order.push(\"the host's secret\");");
        sandbox.Outside("lib/x.js", "order.push(\"the host's secret\");");
        sandbox.Link("out.js", "../outside/secret.js");
        sandbox.Link("lib", "../outside/lib");
        sandbox.Fifo("pipe.js");
        sandbox.Folder("dir.js");
        sandbox.Link("loop.js", "loop.js");
        sandbox.Link("zero.js", "/dev/zero");
        var extension = await LoadFolder(sandbox.Extension, Limits(maxFileSize: 1024));

        Assert.Equal([], Lines("background"));
        await extension.OpenAsync("popup");
        Assert.Equal("[\"a\",\"b\"]", await extension.EvaluateAsync("popup", "order"));
        Assert.Equal(
        [
            "Loading failed for the script with source \"out.js\": it leads outside the extension folder through the symbolic link \"out.js\"",
            "Loading failed for the script with source \"lib/x.js\": it leads outside the extension folder through the symbolic link \"lib\"",
            "Loading failed for the script with source \"pipe.js\": it is a named pipe (FIFO), not a regular file",
            "Loading failed for the script with source \"dir.js\": it is a directory, not a regular file",
            "Loading failed for the script with source \"loop.js\": symbolic links loop from \"loop.js\" (more than 40 followed)",
            "Loading failed for the script with source \"big.js\": it is 2020 bytes, over the 1 KiB limit (actorruntime.files.max-file-size)",
            "Loading failed for the script with source \"zero.js\": it leads outside the extension folder through the symbolic link \"zero.js\"",
            "Loading failed for the script with source \"missing.js\": no such file in the extension",
        ], Lines("popup"));
        await AssertAnswers(extension);
        await AssertAnswers(neighbour);
    }

    [Fact]
    public async Task A_page_opened_later_that_is_refused_fails_to_open_with_one_line()
    {
        var neighbour = await Neighbour();
        var sandbox = Sandbox(files: new()
        {
            ["bg.js"] = "var healthy = 42;",
            // 200,000 nested elements: AngleSharp would take minutes; the estimate stops past the limit.
            ["deep.html"] = Nested(200_000),
            ["shallow.html"] = Nested(500),
            ["odd.html"] = Unparseable,
        });
        sandbox.Link("out.html", "../outside/page.html");
        sandbox.Outside("page.html", ExtensionFolder.Html());
        sandbox.Fifo("pipe.html");
        var extension = await LoadFolder(sandbox.Extension);

        foreach (var (page, reason) in new[]
                 {
                     ("deep.html", "its elements nest deeper than 512 levels (actorruntime.files.max-html-depth)"),
                     ("out.html", "it leads outside the extension folder through the symbolic link \"out.html\""),
                     ("pipe.html", "it is a named pipe (FIFO), not a regular file"),
                     ("odd.html", "it cannot be parsed (AngleSharp failed with NullReferenceException)"),
                 })
        {
            var failure = await Assert.ThrowsAsync<ExtensionRequestException>(() => extension.OpenAsync($"page:{page}"));
            Assert.Equal($"cannot open \"page:{page}\": Loading failed for the page \"{page}\": {reason}", failure.Message);
            Assert.Equal([$"Loading failed for the page \"{page}\": {reason}"], Lines($"page:{page}"));
            await AssertAnswers(extension);
        }
        Assert.Equal("page:shallow.html", await extension.OpenAsync("page:shallow.html"));
        await AssertAnswers(neighbour);
    }

    [Fact]
    public void A_cluster_catalog_refuses_an_extension_whose_files_are_refused()
    {
        var sandbox = Sandbox();
        sandbox.Outside("secret.js", "");
        sandbox.Link("bg.js", "../outside/secret.js");
        var failure = Assert.Throws<ManifestException>(() => new ActorRuntime.Cluster.ExtensionCatalog([sandbox.Extension]));
        Assert.Equal($"{sandbox.ManifestPath}: background script \"bg.js\" is refused: it leads outside the extension folder through the symbolic link \"bg.js\"", failure.Message);
    }

    protected override void AfterAll()
    {
        base.AfterAll();
        foreach (var sandbox in _sandboxes) sandbox.Dispose();
    }
}
