using ActorRuntime.Kernel;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ActorRuntime.Cluster;
using Akka.Actor;
using Akka.Hosting;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using static ActorRuntime.Cluster.ClusterProtocol;

namespace ActorRuntime.Benchmarks;

/// <summary>
/// Across processes on loopback: a client node (this process) asks the extension's entity in a separate
/// <c>serve</c> process to evaluate <c>(await browser.runtime.getBackgroundPage()).foo(21)</c> in its popup, and
/// gets the result (with the console lines, none here) back. The baseline evaluates a constant.
/// </summary>
[MedianColumn]
public class RemoteBenchmarks
{
    private Process _server = null!;
    private IHost _client = null!;
    private IActorRef _region = null!;
    private string _id = null!;

    [GlobalSetup]
    public void Setup()
    {
        var directory = BenchmarkExtensions.Write("function foo(x) { return x * 2; }");
        _id = Path.GetFileName(directory);
        var port = FreePort();
        var host = Path.Combine(AppContext.BaseDirectory, "ActorRuntime.Host.dll");
        _server = Process.Start(new ProcessStartInfo("dotnet", $"\"{host}\" serve --extensions \"{directory}\" --port {port}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(directory)!,
        })!;
        _server.ErrorDataReceived += (_, _) => { };
        _server.BeginErrorReadLine();
        while (_server.StandardOutput.ReadLine() is { } line && !line.StartsWith("ready ", StringComparison.Ordinal))
        {
        }

        var joined = new TaskCompletionSource();
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddAkka(ClusterHostingExtensions.SystemName, (akka, _) =>
        {
            akka.AddHocon(RuntimeOptions.DefaultConfig, HoconAddMode.Append);
            akka.WithExtensionClusterClient([$"127.0.0.1:{port}"]);
            akka.AddStartup((system, _) => Akka.Cluster.Cluster.Get(system).RegisterOnMemberUp(() => joined.TrySetResult()));
        });
        _client = builder.Build();
        _client.StartAsync().GetAwaiter().GetResult();
        joined.Task.WaitAsync(TimeSpan.FromSeconds(60)).GetAwaiter().GetResult();
        _region = _client.Services.GetRequiredService<ActorRegistry>().Get<ExtensionEntity>();
        Ask(OperationKind.Open, "popup").GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.StopAsync().GetAwaiter().GetResult();
        _server.Kill(entireProcessTree: true);
    }

    private async Task<string> Ask(OperationKind kind, string argument, string code = "")
    {
        var result = await _region.Ask<OperationResult>(new ExtensionCommand(_id, kind, argument, code), TimeSpan.FromSeconds(30));
        return result.ErrorCode is null ? result.Value! : throw new InvalidOperationException(result.ErrorMessage);
    }

    [Benchmark(Baseline = true, Description = "remote eval of a constant in the popup, across processes")]
    public Task<string> Constant() => Ask(OperationKind.Evaluate, "popup", "0");

    [Benchmark(Description = "remote (await getBackgroundPage()).foo(21) in the popup, across processes")]
    public Task<string> GetBackgroundPageAndCall() => Ask(OperationKind.Evaluate, "popup", "(await browser.runtime.getBackgroundPage()).foo(21)");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
