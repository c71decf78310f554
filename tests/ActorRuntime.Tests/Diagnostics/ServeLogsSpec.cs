using System.Text.Json;
using ActorRuntime.Host;
using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Diagnostics;

/// <summary>
/// <c>serve</c>'s stderr: the project's own lines (activations, membership, the extensions' console) without Akka's own
/// INFO chatter; as JSON objects, one a line, scoped with the extension's id and the context's label, when asked.
/// </summary>
public sealed class ServeLogsSpec : IDisposable
{
    private static readonly string Examples = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "examples"));
    private readonly string _work = Path.Combine(Path.GetTempPath(), "actorruntime-logs-" + Guid.NewGuid().ToString("N")[..8]);
    private ServeProcess? _node;

    private async Task<ServeProcess> Serve(Dictionary<string, string> environment)
    {
        Directory.CreateDirectory(_work);
        environment["actorruntime__storage__provider"] = "memory";
        _node = ServeProcess.Start("logs", $"--extensions \"{Examples}\"", null, _work, "activated", environment: environment);
        await _node.Ready;
        return _node;
    }

    private static async Task Remote(ServeProcess node, string code)
    {
        var output = new StringWriter();
        var exit = await Program.RunAsync(["remote", "--seed", node.Endpoint, "--extension", "getbackgroundpage", "--eval", code], output, new StringWriter());
        Assert.True(exit == 0, output.ToString());
    }

    [Fact]
    public async Task By_default_the_projects_own_lines_are_logged_and_Akkas_own_info_lines_are_not()
    {
        var node = await Serve(new());
        var activated = node.NextLogLine("activated getbackgroundpage");
        var printed = node.NextLogLine("plain-marker");
        await Remote(node, "console.log('plain-marker'); 1");
        Assert.Equal("info: ActorRuntime.Cluster.ExtensionEntity[0] activated getbackgroundpage", await activated);
        Assert.Equal("info: ActorRuntime.Console[0] [background] plain-marker", await printed);

        var lines = node.FirstLogLines;
        Assert.Contains(lines, line => line.StartsWith("info: ActorRuntime.Cluster.Membership[0] member up akka.tcp://actorruntime@127.0.0.1:", StringComparison.Ordinal));
        // Akka's own lines (starting, remoting, cluster joins, sharding) are under its categories, below WARNING by default.
        Assert.DoesNotContain(lines, line => line.StartsWith("info: Akka", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains("Cluster Node [", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Json_logs_are_one_object_a_line_scoped_with_the_extension_and_its_context()
    {
        var node = await Serve(new() { ["actorruntime__logging__format"] = "json" });
        var activated = node.NextLogLine("activated getbackgroundpage");
        var printed = node.NextLogLine("json-marker");
        await Remote(node, "console.log('json-marker'); 1");

        using (var line = JsonDocument.Parse(await activated))
        {
            Assert.Equal("Information", line.RootElement.GetProperty("LogLevel").GetString());
            Assert.Equal("ActorRuntime.Cluster.ExtensionEntity", line.RootElement.GetProperty("Category").GetString());
            Assert.Equal("activated getbackgroundpage", line.RootElement.GetProperty("Message").GetString());
            Assert.Equal("getbackgroundpage", line.RootElement.GetProperty("State").GetProperty("ExtensionId").GetString());
            Assert.Contains(line.RootElement.GetProperty("Scopes").EnumerateArray(), scope => scope.TryGetProperty("ExtensionId", out var id) && id.GetString() == "getbackgroundpage");
        }
        using (var line = JsonDocument.Parse(await printed))
        {
            Assert.Equal("ActorRuntime.Console", line.RootElement.GetProperty("Category").GetString());
            Assert.Equal("[background] json-marker", line.RootElement.GetProperty("Message").GetString());
            var scope = Assert.Single(line.RootElement.GetProperty("Scopes").EnumerateArray(), scope => scope.TryGetProperty("ExtensionId", out _));
            Assert.Equal("getbackgroundpage", scope.GetProperty("ExtensionId").GetString());
            Assert.Equal("background", scope.GetProperty("ContextLabel").GetString());
        }
        // Every line the node logged is one JSON object.
        foreach (var logged in node.FirstLogLines)
        {
            using var parsed = JsonDocument.Parse(logged);
            Assert.Equal(JsonValueKind.Object, parsed.RootElement.ValueKind);
        }
    }

    [Fact]
    public async Task An_unknown_log_format_is_refused_with_one_line()
    {
        var error = new StringWriter();
        Directory.CreateDirectory(_work);
        var config = Path.Combine(_work, "logs.hocon");
        File.WriteAllText(config, "actorruntime { storage.provider = memory, logging.format = xml }");
        Assert.Equal(2, await Program.RunAsync(["serve", "--extensions", Examples, "--config", config], new StringWriter(), error));
        Assert.Equal("error: actorruntime.logging.format: expected text or json, got \"xml\"\n", error.ToString().ReplaceLineEndings("\n"));
    }

    public void Dispose()
    {
        _node?.Kill();
        if (Directory.Exists(_work)) Directory.Delete(_work, recursive: true);
    }
}
