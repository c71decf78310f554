using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ActorRuntime.FrontDoor.Api;

/// <summary>
/// <c>GET /api/extensions</c>: the ids of the cluster's extensions. <c>POST /api/extensions/{id}/run</c>: run's steps
/// against that extension, wherever it lives, answered as NDJSON while it runs: <c>{"out":line}</c> (run's stdout),
/// <c>{"err":line}</c> (its stderr), in the order run prints them, then <c>{"exit":code}</c>.
/// </summary>
internal static class RunApi
{
    public const string ContentType = "application/x-ndjson; charset=utf-8";

    /// <summary>The longest extension id taken in a path.</summary>
    private const int MaxIdLength = 256;

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/extensions", ListAsync);
        endpoints.MapPost("/api/extensions/{id}/run", RunAsync);
    }

    private static async Task ListAsync(HttpContext http)
    {
        var runtime = http.RequestServices.GetRequiredService<IExtensionRuntime>();
        var ids = await runtime.ExtensionsAsync(http.RequestAborted);
        http.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(http.Response.Body, new { extensions = ids }, cancellationToken: http.RequestAborted);
    }

    private static async Task RunAsync(HttpContext http)
    {
        var settings = http.RequestServices.GetRequiredService<FrontDoorSettings>();
        var gate = http.RequestServices.GetRequiredService<RunGate>();
        var id = http.Request.RouteValues["id"] as string ?? "";
        // JSON only: a browser sends a form or text/plain POST across sites without asking first, never application/json.
        if (!http.Request.HasJsonContentType())
        {
            http.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            await FrontDoorJson.WriteErrorAsync(http.Response, "expected a JSON body (Content-Type: application/json)");
            return;
        }
        if (id.Length is 0 or > MaxIdLength)
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            await FrontDoorJson.WriteErrorAsync(http.Response, $"expected an extension id of 1 to {MaxIdLength} characters");
            return;
        }
        if (!gate.TryEnter())
        {
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await FrontDoorJson.WriteErrorAsync(http.Response, $"{settings.MaxConcurrentRuns} runs are under way on this node (actorruntime.front-door.limits.max-concurrent-runs): try again later");
            return;
        }
        try
        {
            RunRequest request;
            try
            {
                request = await RunRequest.ReadAsync(http.Request.Body, settings, http.RequestAborted);
            }
            catch (ExtensionRequestException ex)
            {
                http.Response.StatusCode = StatusCodes.Status400BadRequest;
                await FrontDoorJson.WriteErrorAsync(http.Response, ex.Message);
                return;
            }
            catch (Microsoft.AspNetCore.Http.BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                await FrontDoorJson.WriteErrorAsync(http.Response, $"the request is larger than {settings.MaxRequestBytes} bytes (actorruntime.front-door.limits.max-request-size)");
                return;
            }
            await StreamAsync(http, id, request, settings);
        }
        finally
        {
            gate.Exit();
        }
    }

    /// <summary>Runs the steps while writing their lines as they come; the exit code last.</summary>
    internal static async Task StreamAsync(HttpContext http, string id, RunRequest request, FrontDoorSettings settings)
    {
        var runs = http.RequestServices.GetRequiredService<IFrontDoorRuns>();
        http.Response.ContentType = ContentType;
        http.Response.Headers.CacheControl = "no-store";
        // The run stops before its next step when the client goes away, or reads so slowly that its output passes a limit.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        var output = new BufferedRunOutput(settings.MaxBufferedLines, settings.MaxBufferedBytes, () => stop.Cancel());
        var running = RunOrFailAsync(runs, id, request, output, stop.Token);
        await http.Response.StartAsync(http.RequestAborted);
        var body = http.Response.Body;
        try
        {
            while (await output.Reader.WaitToReadAsync(http.RequestAborted))
            {
                while (output.Reader.TryRead(out var line))
                {
                    await body.WriteAsync(line, http.RequestAborted);
                    output.Taken(line);
                }
                // One flush per burst: a line printed alone reaches the client at once.
                await body.FlushAsync(http.RequestAborted);
            }
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away; the run ends on its own.
        }
        await running;
    }

    private static async Task RunOrFailAsync(IFrontDoorRuns runs, string id, RunRequest request, BufferedRunOutput output, CancellationToken cancellation)
    {
        int code;
        try
        {
            // Off the request's thread: the runner's writes are synchronous, the pump above awaits them.
            code = await Task.Run(() => runs.RunAsync(id, request, output, cancellation), CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            output.Error("error: " + OneLineText.Escape(ex.Message, 500));
            code = 1;
        }
        output.Complete(code);
    }
}

/// <summary>How many runs may be under way at once on this node (<c>actorruntime.front-door.limits.max-concurrent-runs</c>).</summary>
internal sealed class RunGate(FrontDoorSettings settings)
{
    private int _running;

    public bool TryEnter()
    {
        if (Interlocked.Increment(ref _running) <= settings.MaxConcurrentRuns) return true;
        Interlocked.Decrement(ref _running);
        return false;
    }

    public void Exit() => Interlocked.Decrement(ref _running);
}
