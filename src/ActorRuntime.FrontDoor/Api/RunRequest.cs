using System.Text.Json;
using System.Text.Json.Serialization;

namespace ActorRuntime.FrontDoor.Api;

/// <summary>
/// The body of <c>POST /api/extensions/{id}/run</c>: run's steps as the command line gives them, each an array of the
/// option and its values (<c>[["--open","popup"],["--eval","1+1"]]</c>); the host scripts' contents (in place of
/// <c>--host</c> files); and the files <c>--page</c> and <c>--respond</c> name, by the name the steps give them, base64.
/// </summary>
internal sealed record RunRequest(IReadOnlyList<IReadOnlyList<string>> Steps, IReadOnlyList<HostScriptSource> HostScripts,
    IReadOnlyDictionary<string, byte[]> Files)
{
    private sealed record Body(
        [property: JsonPropertyName("steps")] List<List<string>>? Steps,
        [property: JsonPropertyName("hostScripts")] List<HostScript>? HostScripts,
        [property: JsonPropertyName("files")] Dictionary<string, byte[]>? Files);

    private sealed record HostScript([property: JsonPropertyName("fileName")] string? FileName, [property: JsonPropertyName("code")] string? Code);

    /// <summary>The most values one step takes (<c>--respond</c>, <c>--fire</c>, <c>--type</c>: two).</summary>
    private const int MaxValuesPerStep = 2;

    /// <summary>Reads and checks a request body; <see cref="ExtensionRequestException"/> (answered 400) says what is wrong.</summary>
    public static async Task<RunRequest> ReadAsync(Stream body, FrontDoorSettings settings, CancellationToken cancellationToken)
    {
        Body? read;
        try
        {
            read = await JsonSerializer.DeserializeAsync<Body>(body, JsonOptions, cancellationToken);
        }
        catch (JsonException ex)
        {
            throw new ExtensionRequestException("the request body is not the JSON expected ({\"steps\":[[\"--eval\",\"1+1\"]]}): " + OneLineText.Escape(ex.Message, 200));
        }
        if (read is null) throw new ExtensionRequestException("the request body is empty: expected {\"steps\":[[\"--eval\",\"1+1\"]]}");
        var steps = read.Steps ?? [];
        var hostScripts = read.HostScripts ?? [];
        var files = read.Files ?? [];
        if (steps.Count > settings.MaxSteps)
            throw new ExtensionRequestException($"{steps.Count} steps: at most {settings.MaxSteps} are taken at once (actorruntime.front-door.limits.max-steps)");
        if (hostScripts.Count > settings.MaxHostScripts)
            throw new ExtensionRequestException($"{hostScripts.Count} host scripts: at most {settings.MaxHostScripts} are taken at once (actorruntime.front-door.limits.max-host-scripts)");
        if (files.Count > settings.MaxFiles)
            throw new ExtensionRequestException($"{files.Count} files: at most {settings.MaxFiles} are taken at once (actorruntime.front-door.limits.max-files)");
        foreach (var step in steps)
        {
            if (step is null || step.Count == 0 || step[0] is not { } option || !option.StartsWith("--", StringComparison.Ordinal))
                throw new ExtensionRequestException("a step is not an option and its values, such as [\"--eval\",\"1+1\"]");
            if (step.Count - 1 > MaxValuesPerStep)
                throw new ExtensionRequestException($"{OneLineText.Escape(option, 40)}: a step takes at most {MaxValuesPerStep} values, got {step.Count - 1}");
            if (step.Any(word => word is null)) throw new ExtensionRequestException($"{OneLineText.Escape(option, 40)}: a value is null");
        }
        var scripts = hostScripts.Select((script, index) => script?.Code is { } code
            ? new HostScriptSource(string.IsNullOrEmpty(script.FileName) ? $"host-{index + 1}.js" : script.FileName, code)
            : throw new ExtensionRequestException($"host script {index + 1}: its code is missing")).ToList();
        if (files.Any(file => file.Value is null)) throw new ExtensionRequestException("a file's content is missing");
        return new RunRequest(steps, scripts, files);
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { MaxDepth = 8 };
}

/// <summary>Where a run writes: its output lines (run's stdout) and its error lines (run's stderr), in order.</summary>
internal interface IRunOutput
{
    void Line(string text);

    void Error(string text);
}

/// <summary>Performs a run request against an extension of the cluster (implemented by the serve host, with run's step runner).</summary>
internal interface IFrontDoorRuns
{
    /// <summary>The steps against the extension, wherever it lives; the exit code <c>run</c> would give (0, 1, 2 or 3).</summary>
    Task<int> RunAsync(string extensionId, RunRequest request, IRunOutput output, CancellationToken cancellationToken);
}
