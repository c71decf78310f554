using ActorRuntime.Tests.Support;
using System.Diagnostics;
using ActorRuntime.Host;

namespace ActorRuntime.Tests.Hostile;

/// <summary><c>run</c> on a hostile folder: exit 2 and one <c>error:</c> line, nothing run, nothing read from outside.</summary>
public class HostileRunCommandTests
{
    private static readonly string HostDll = Path.Combine(AppContext.BaseDirectory, "ActorRuntime.Host.dll");

    private const string Manifest = """{ "manifest_version": 2, "name": "t", "version": "1", "background": { "scripts": ["bg.js"] } }""";

    private static Task<(int Code, string Out, string Err)> Run(params string[] args) => CommandLine.Run(args);

    [Fact]
    public async Task A_script_linked_out_of_the_folder_exits_2_with_one_error_line()
    {
        using var sandbox = new HostileSandbox(new Dictionary<string, string> { ["manifest.json"] = Manifest });
        sandbox.Outside("secret.js", "console.log('the host secret');");
        sandbox.Link("bg.js", "../outside/secret.js");

        var (code, output, error) = await Run("run", sandbox.Extension, "--eval", "1");
        Assert.Equal("", output);
        Assert.Equal($"error: {sandbox.ManifestPath}: background script \"bg.js\" is refused: it leads outside the extension folder through the symbolic link \"bg.js\"\n", error);
        Assert.Equal(2, code);
    }

    [Fact]
    public async Task A_manifest_that_is_a_named_pipe_exits_2_instead_of_waiting_for_a_writer()
    {
        using var sandbox = new HostileSandbox(new Dictionary<string, string>());
        sandbox.Fifo("manifest.json");

        var (code, output, error) = await Run("run", sandbox.Extension);
        Assert.Equal("", output);
        Assert.Equal($"error: {sandbox.ManifestPath} is refused: it is a named pipe (FIFO), not a regular file\n", error);
        Assert.Equal(2, code);
    }

    [Fact]
    public async Task An_unreadable_script_exits_2_with_one_error_line()
    {
        using var sandbox = new HostileSandbox(new Dictionary<string, string> { ["manifest.json"] = Manifest, ["bg.js"] = "console.log('read');" });
        sandbox.Lock("bg.js");
        var expected = $"error: {sandbox.ManifestPath}: background script \"bg.js\" is refused: it cannot be read (permission denied)\n";
        if (Environment.UserName != "root")
        {
            var (code, output, error) = await Run("run", sandbox.Extension);
            Assert.Equal(("", expected, 2), (output, error, code));
            return;
        }
        // Root reads any file: run the command as root without the capabilities that bypass file permissions.
        var start = new ProcessStartInfo("setpriv", ["--bounding-set", "-dac_override,-dac_read_search", "dotnet", HostDll, "run", sandbox.Extension])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var outputRead = process.StandardOutput.ReadToEndAsync();
        var errorRead = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(("", expected, 2), (await outputRead, (await errorRead).ReplaceLineEndings("\n"), process.ExitCode));
    }
}
