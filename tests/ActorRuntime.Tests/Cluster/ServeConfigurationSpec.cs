using ActorRuntime.Host;
using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Cluster;

/// <summary><c>serve</c> layers the defaults, then each <c>--config</c> in order, then environment variables.</summary>
public sealed class ServeConfigurationSpec : IDisposable
{
    private readonly string _work = Path.Combine(Path.GetTempPath(), "actorruntime-serve-" + Guid.NewGuid().ToString("N")[..8]);
    private ServeProcess? _node;

    [Fact]
    public async Task Later_config_files_win_and_environment_variables_win_over_files()
    {
        Directory.CreateDirectory(_work);
        var first = Path.Combine(_work, "first.hocon");
        var second = Path.Combine(_work, "second.hocon");
        File.WriteAllText(first, "actorruntime { flavor = chrome, storage.provider = sqlite, storage.sqlite.path = \"data/first.db\" }");
        File.WriteAllText(second, "actorruntime.flavor = firefox");
        var examples = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "examples"));
        _node = ServeProcess.Start("single", $"--extensions \"{examples}\" --config \"{first}\" --config \"{second}\"", null, _work, "activated",
            environment: new Dictionary<string, string>
            {
                ["actorruntime__messaging__max-message-size"] = "1024",
                ["actorruntime__storage__provider"] = "memory",
            });
        await _node.Ready;

        var output = new StringWriter();
        var code = await Program.RunAsync(["remote", "--seed", _node.Endpoint, "--extension", "getbackgroundpage",
            "--eval", "[typeof browser.runtime.onStartup.hasListeners, await browser.runtime.sendMessage('x'.repeat(2000)).catch(e => e.message)]"], output, new StringWriter());
        Assert.True(code == 0, output.ToString());
        // firefox (the second file over the first): no hasListeners on events (Chromium's); the size limit from the environment.
        Assert.EndsWith("[background] => [\"undefined\",\"Message exceeds the maximum allowed size of 1024 bytes (actorruntime.messaging.max-message-size)\"]\n",
            output.ToString().ReplaceLineEndings("\n"));
        // storage.provider = memory from the environment over the first file's sqlite: no database file was made.
        Assert.False(Directory.Exists(Path.Combine(_work, "data")), "the environment's storage provider was not applied");
    }

    [Fact]
    public async Task On_a_fresh_machine_the_default_database_folder_is_made()
    {
        // A user whose local data folder does not exist yet (a new account, a container): the default SQLite file's folder
        // is made, and the node starts.
        var data = Path.Combine(_work, "fresh-home", ".local", "share");
        Directory.CreateDirectory(_work);
        var examples = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "examples"));
        _node = ServeProcess.Start("fresh", $"--extensions \"{examples}\"", null, _work, "activated",
            environment: new Dictionary<string, string> { ["XDG_DATA_HOME"] = data, ["actorruntime__storage__provider"] = "sqlite" });
        await _node.Ready;
        Assert.True(Directory.Exists(Path.Combine(data, "actorruntime")), "the default database's folder was not made under XDG_DATA_HOME");
    }

    public void Dispose()
    {
        _node?.Kill();
        if (Directory.Exists(_work)) Directory.Delete(_work, recursive: true);
    }
}
