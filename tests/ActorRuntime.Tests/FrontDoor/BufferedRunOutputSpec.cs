using System.Text;
using System.Text.Json;
using ActorRuntime.FrontDoor;
using ActorRuntime.FrontDoor.Api;
using ActorRuntime.Kernel;
using Akka.Configuration;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ActorRuntime.Tests.FrontDoor;

/// <summary>
/// What a run holds for a client that reads slowly (<c>limits.max-buffered-lines</c>, <c>limits.max-buffered-size</c>):
/// whole lines only, the run told to stop once at the first line past a limit, and the answer ending with one line
/// naming the limit and exit 1.
/// </summary>
public sealed class BufferedRunOutputSpec
{
    private static List<JsonElement> Drain(BufferedRunOutput output)
    {
        var lines = new List<JsonElement>();
        while (output.Reader.TryRead(out var line))
        {
            output.Taken(line);
            lines.Add(JsonDocument.Parse(Encoding.UTF8.GetString(line)).RootElement.Clone());
        }
        return lines;
    }

    [Fact]
    public void Past_its_bytes_the_run_is_told_to_stop_once_and_the_answer_names_the_limit()
    {
        var stops = 0;
        var line = FrontDoorLineSize("0123456789");
        var output = new BufferedRunOutput(maxLines: 1000, maxBytes: 3 * line, () => stops++);
        for (var i = 0; i < 3; i++) output.Line("0123456789");
        Assert.Equal(0, stops);
        Assert.Equal(3 * line, output.BufferedBytes);
        output.Line("0123456789");
        output.Error("error: later");
        Assert.Equal(1, stops);
        output.Complete(0);
        var lines = Drain(output);
        Assert.Equal(5, lines.Count);
        Assert.All(lines.Take(3), l => Assert.Equal("0123456789", l.GetProperty("out").GetString()));
        Assert.Equal($"error: the client read too slowly: {4 * line} bytes would have been waiting, more than {3 * line} (actorruntime.front-door.limits.max-buffered-size); the run stopped there and its later output was dropped",
            lines[3].GetProperty("err").GetString());
        Assert.Equal(1, lines[4].GetProperty("exit").GetInt32());
        Assert.Equal(0, output.BufferedBytes);
    }

    [Fact]
    public void One_line_longer_than_the_bytes_that_may_wait_is_cut_to_them_and_the_run_goes_on()
    {
        var stops = 0;
        var output = new BufferedRunOutput(maxLines: 1000, maxBytes: 100, () => stops++);
        output.Line("é\"" + new string('x', 500));
        var cut = Assert.Single(Drain(output)).GetProperty("out").GetString()!;
        Assert.StartsWith("é\"xxx", cut, StringComparison.Ordinal);
        Assert.EndsWith("x…", cut, StringComparison.Ordinal);
        Assert.True(FrontDoorLineSize(cut) <= 100);
        output.Line("after");
        Assert.Equal(0, stops);
        output.Complete(0);
        var lines = Drain(output);
        Assert.Equal("after", lines[0].GetProperty("out").GetString());
        Assert.Equal(0, lines[1].GetProperty("exit").GetInt32());
    }

    [Fact]
    public void A_line_past_a_limit_after_the_runs_token_source_is_gone_does_not_throw()
    {
        var stop = new CancellationTokenSource();
        stop.Dispose();
        var output = new BufferedRunOutput(maxLines: 1, maxBytes: long.MaxValue, () => stop.Cancel());
        output.Line("first");
        output.Line("past the limit");
        output.Complete(0);
        Assert.Contains("max-buffered-lines", Drain(output)[1].GetProperty("err").GetString());
    }

    [Fact]
    public void Lines_the_client_took_no_longer_count()
    {
        var line = FrontDoorLineSize("x");
        var output = new BufferedRunOutput(maxLines: 2, maxBytes: 2 * line, () => throw new InvalidOperationException("stopped"));
        for (var i = 0; i < 10; i++)
        {
            output.Line("x");
            output.Line("x");
            Assert.Equal(2, Drain(output).Count);
        }
        output.Complete(3);
        Assert.Equal(3, Assert.Single(Drain(output)).GetProperty("exit").GetInt32());
    }

    [Fact]
    public void Past_its_lines_the_answer_names_that_limit_and_keeps_a_higher_exit_code()
    {
        var stops = 0;
        var output = new BufferedRunOutput(maxLines: 2, maxBytes: long.MaxValue, () => stops++);
        for (var i = 0; i < 5; i++) output.Line("line " + i);
        output.Complete(3);
        var lines = Drain(output);
        Assert.Equal(1, stops);
        Assert.Equal(["line 0", "line 1"], lines.Take(2).Select(l => l.GetProperty("out").GetString()));
        Assert.Contains("2 lines were waiting (actorruntime.front-door.limits.max-buffered-lines)", lines[2].GetProperty("err").GetString());
        Assert.Equal(3, lines[3].GetProperty("exit").GetInt32());
    }

    /// <summary>A run whose steps each print five lines, checking before each step whether it should stop, as run's steps do.</summary>
    private sealed class PrintingRuns : IFrontDoorRuns
    {
        public int StepsRun;
        public readonly TaskCompletionSource Done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<int> RunAsync(string extensionId, RunRequest request, IRunOutput output, CancellationToken cancellationToken)
        {
            for (var step = 0; step < 10 && !cancellationToken.IsCancellationRequested; step++)
            {
                StepsRun++;
                for (var i = 0; i < 5; i++) output.Line(new string('x', 100));
            }
            Done.SetResult();
            return Task.FromResult(0);
        }
    }

    /// <summary>A client that reads nothing until it is let go.</summary>
    private sealed class StalledClient : MemoryStream
    {
        public readonly TaskCompletionSource Reading = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Reading.Task;
            await base.WriteAsync(buffer, cancellationToken);
        }

        public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            await Reading.Task;
            await base.WriteAsync(buffer, offset, count, cancellationToken);
        }
    }

    [Fact]
    public async Task A_client_that_does_not_read_stops_the_run_before_its_next_step_and_gets_the_limits_line_last()
    {
        var settings = FrontDoorSettings.FromConfig(ConfigurationFactory.ParseString("actorruntime.front-door.limits.max-buffered-size = 1000b")
            .WithFallback(RuntimeOptions.DefaultConfig));
        var runs = new PrintingRuns();
        var client = new StalledClient();
        var http = new DefaultHttpContext
        {
            RequestServices = new ServiceCollection().AddSingleton<IFrontDoorRuns>(runs).BuildServiceProvider(),
        };
        http.Response.Body = client;
        var answering = RunApi.StreamAsync(http, "ext", new RunRequest([], [], new Dictionary<string, byte[]>()), settings);
        await runs.Done.Task;
        // Five lines a step, about 110 bytes each: the second step passed 1000 bytes, and the third never started.
        Assert.Equal(2, runs.StepsRun);
        client.Reading.SetResult();
        await answering;
        var lines = Encoding.UTF8.GetString(client.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
        Assert.All(lines.SkipLast(2), line => Assert.Equal(new string('x', 100), line.GetProperty("out").GetString()));
        Assert.InRange(lines.Count - 2, 5, 9);
        Assert.Contains("(actorruntime.front-door.limits.max-buffered-size); the run stopped there", lines[^2].GetProperty("err").GetString());
        Assert.Equal(1, lines[^1].GetProperty("exit").GetInt32());
    }

    private static long FrontDoorLineSize(string text) => ActorRuntime.FrontDoor.FrontDoorJson.Line("out", text).Length;
}
