using System.Diagnostics;
using System.IO.Compression;
using System.Xml.Linq;

namespace ActorRuntime.Tests.Packaging;

/// <summary>
/// <c>dotnet pack src/ActorRuntime.Host</c> gives the <c>actorruntime</c> tool: a DotnetTool package declaring the command,
/// with the package metadata and the config overlays, that installs from a local folder and runs. Packed from the build
/// the tests already ran on (<c>--no-build</c>), installed into a temporary tool path with a package cache of its own, so
/// it costs about half a minute and leaves nothing behind.
/// </summary>
public sealed class ToolPackageSpec : IDisposable
{
    private static readonly string Repository = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", ".."));

    /// <summary>The configuration the tests were built in (bin/&lt;configuration&gt;/net10.0/), which the host was built in too.</summary>
    private static readonly string Configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    private readonly string _dir = Directory.CreateTempSubdirectory("tool-package-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Packing_the_host_gives_the_actorruntime_tool_which_installs_from_a_local_folder_and_runs()
    {
        var packages = Path.Combine(_dir, "packages");
        var (packed, packOutput) = await Dotnet(Repository, "pack", Path.Combine("src", "ActorRuntime.Host"), "-c", Configuration, "--no-build", "-o", packages);
        Assert.True(packed == 0, packOutput);
        var package = Assert.Single(Directory.GetFiles(packages, "ActorRuntime.Tool.*.nupkg"));
        Assert.Single(Directory.GetFiles(packages, "ActorRuntime.Tool.*.snupkg"));

        string version;
        using (var zip = ZipFile.OpenRead(package))
        {
            var settings = Xml(zip, "tools/net10.0/any/DotnetToolSettings.xml");
            var command = Assert.Single(settings.Descendants("Command"));
            Assert.Equal(("actorruntime", "ActorRuntime.Host.dll", "dotnet"),
                ((string?)command.Attribute("Name"), (string?)command.Attribute("EntryPoint"), (string?)command.Attribute("Runner")));

            var nuspec = Xml(zip, "ActorRuntime.Tool.nuspec");
            XNamespace ns = nuspec.Root!.Name.Namespace;
            var metadata = nuspec.Root.Element(ns + "metadata")!;
            version = metadata.Element(ns + "version")!.Value;
            Assert.Equal("DotnetTool", (string?)metadata.Element(ns + "packageTypes")?.Element(ns + "packageType")?.Attribute("name"));
            Assert.Equal("MIT", metadata.Element(ns + "license")?.Value);
            Assert.Equal("README.md", metadata.Element(ns + "readme")?.Value);
            Assert.NotNull(zip.GetEntry("README.md"));
            Assert.Matches("^[0-9a-f]{40}$", (string?)metadata.Element(ns + "repository")?.Attribute("commit") ?? "");
            // The overlays serve and remote take with --config come with the tool.
            Assert.NotNull(zip.GetEntry("tools/net10.0/any/config/actorruntime.hocon"));
            Assert.NotNull(zip.GetEntry("tools/net10.0/any/config/local-cluster.hocon"));
        }

        // Only the folder as a source, and a package cache of this test's own: an installed package of the same version
        // in the machine's cache would be used instead of this one.
        var config = Path.Combine(_dir, "nuget.config");
        File.WriteAllText(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration><packageSources><clear /><add key="packed" value="{packages}" /></packageSources></configuration>
            """);
        var tools = Path.Combine(_dir, "tools");
        var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(_dir, "cache") };
        var (installed, installOutput) = await Dotnet(_dir, environment, "tool", "install", "ActorRuntime.Tool", "--version", version, "--tool-path", tools, "--configfile", config);
        Assert.True(installed == 0, installOutput);

        var (code, help) = await Run(Path.Combine(tools, OperatingSystem.IsWindows() ? "actorruntime.exe" : "actorruntime"), _dir, [], "--help");
        Assert.True(code == 0, help);
        Assert.Contains("Usage:\n  actorruntime [command] [options]\n", help);
        Assert.Contains("  run <extension-dir>", help);
    }

    private static XDocument Xml(ZipArchive zip, string entry)
    {
        using var stream = (zip.GetEntry(entry) ?? throw new Xunit.Sdk.XunitException($"{entry} is not in the package")).Open();
        return XDocument.Load(stream);
    }

    private static Task<(int Code, string Output)> Dotnet(string directory, params string[] args) => Dotnet(directory, new Dictionary<string, string>(), args);

    private static Task<(int Code, string Output)> Dotnet(string directory, Dictionary<string, string> environment, params string[] args) =>
        Run("dotnet", directory, environment, args);

    private static async Task<(int Code, string Output)> Run(string executable, string directory, Dictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, ((await stdout) + (await stderr)).ReplaceLineEndings("\n"));
    }
}
