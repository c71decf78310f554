using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ActorRuntime.Host;
using ActorRuntime.RemoteClient;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorRuntime.Tests.Cli;

/// <summary>
/// Every failure of <c>serve</c> and <c>remote</c> is one <c>error:</c> line, never a stack trace: a <c>--config</c>
/// that cannot be used, a port in use, a cluster that cannot be joined (whose association retries Akka would log).
/// Checked on the real process's stdout and stderr where libraries could write to the console by themselves.
/// </summary>
public sealed class CliErrorLinesSpec : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cli-errors-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static async Task<(int Code, string Out, string Err)> InProcess(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await Program.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString().ReplaceLineEndings("\n"));
    }

    private Task<(int Code, string Out, string Err)> OutOfProcess(params string[] args) => Support.CommandLine.RunProcess(_dir, args);

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Theory]
    [InlineData("serve")]
    [InlineData("remote")]
    public async Task A_config_that_cannot_be_used_is_one_line_naming_the_file_and_exit_2(string command)
    {
        string[] Args(string config) => command == "serve"
            ? ["serve", "--config", config]
            : ["remote", "--seed", "127.0.0.1:1", "--extension", "x", "--config", config, "--eval", "1"];
        var missing = Path.Combine(_dir, "missing.hocon");
        var folder = Directory.CreateDirectory(Path.Combine(_dir, "folder.hocon")).FullName;
        var broken = Write("broken.hocon", "akka {\n  loglevel = \n  foo = [1,\n");

        Assert.Equal((2, "", $"error: --config {missing}: no such file\n"), await InProcess(Args(missing)));
        Assert.Equal((2, "", $"error: --config {folder}: is a folder, expected a HOCON file\n"), await InProcess(Args(folder)));
        Assert.Equal((2, "", $"error: --config {broken}: Unknown token at position 31 near \"foo = [1,\"\n"), await InProcess(Args(broken)));
    }

    [Fact]
    public async Task Serve_on_a_port_in_use_is_one_line_and_exit_2()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var (code, stdout, stderr) = await OutOfProcess("serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal((2, "", $"error: --port {port}: cannot listen on 127.0.0.1:{port}: Address already in use\n"), (code, stdout, stderr));
    }

    [Fact]
    public async Task Remote_that_cannot_join_prints_only_its_error_line_and_with_akka_logging_raised_one_line_per_entry()
    {
        var seed = $"127.0.0.1:{ClosedPort()}";
        var quiet = Write("quiet.hocon", "actorruntime.ask-timeout = 10s");
        var verbose = Write("verbose.hocon", "actorruntime.ask-timeout = 10s\nakka.loglevel = WARNING");
        var runs = await Task.WhenAll(
            OutOfProcess("remote", "--seed", seed, "--extension", "x", "--config", quiet, "--eval", "1"),
            OutOfProcess("remote", "--seed", seed, "--extension", "x", "--config", verbose, "--eval", "1"));
        var refused = $"error: could not join the cluster through {seed} within 10 s\n";

        // By default Akka's association warnings (connection refused, address gated, join retried) are not shown.
        Assert.Equal((2, "", refused), runs[0]);

        // Asked for, they are (around the error line: the log is written from its own queue): each a single line with its
        // level, and still no stack trace.
        var (code, stdout, stderr) = runs[1];
        Assert.Equal((2, ""), (code, stdout));
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(refused.TrimEnd('\n'), Assert.Single(lines, l => l.StartsWith("error:", StringComparison.Ordinal)));
        var logLines = lines.Where(l => !l.StartsWith("error:", StringComparison.Ordinal)).ToList();
        Assert.Contains(logLines, l => l.Contains("Connection refused", StringComparison.Ordinal));
        Assert.All(logLines, l => Assert.StartsWith("warn: ", l));
    }

    [Fact]
    public void A_failed_start_wrapped_in_aggregate_exceptions_is_described_by_its_cause()
    {
        var bind = new InvalidOperationException("Failed to bind to [127.0.0.1:2551]. See InnerException for details.",
            new SocketException((int)SocketError.AddressAlreadyInUse));
        var wrapped = new AggregateException(new AggregateException(bind));

        Assert.Equal("Failed to bind to [127.0.0.1:2551]: " + new SocketException((int)SocketError.AddressAlreadyInUse).Message, CommandLineRun.Describe(wrapped));
        Assert.Equal("plain", CommandLineRun.Describe(new AggregateException("plain", new Exception("a"), new Exception("b"))).Split(' ')[0]);
    }

    [Fact]
    public void A_log_entry_with_a_cause_and_an_exception_is_written_as_its_first_line_only()
    {
        var message = "[ERROR][Thread 0015][TcpTransport] Failed to bind. Cause: Akka.Remote.RemoteTransportException: Failed to bind\n" +
                      " ---> System.Net.Sockets.SocketException (98): Address already in use\n   at System.Net.Sockets.Socket.Bind(EndPoint localEP)";
        var entry = new LogEntry<string>(LogLevel.Error, "Akka.Actor.ActorSystem", new EventId(0), message, new InvalidOperationException("boom"), (s, _) => s);
        var written = new StringWriter();

        new OneLineConsoleFormatter().Write(entry, null, written);

        Assert.Equal("fail: Akka.Actor.ActorSystem[0] [ERROR][Thread 0015][TcpTransport] Failed to bind. Cause: Akka.Remote.RemoteTransportException: Failed to bind\n",
            written.ToString().ReplaceLineEndings("\n"));
    }
}
