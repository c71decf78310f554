namespace ActorRuntime.Host;

/// <summary>
/// Where the steps that name a file (<c>--page</c>, <c>--respond</c>) find it: this machine's disk for <c>run</c> and
/// <c>remote</c>; for a front door request, only the files its client sent along, never the serving node's disk.
/// </summary>
internal class StepFiles
{
    public static readonly StepFiles Disk = new();

    public virtual string ReadPage(string file) => PageFile.Read(file);

    public virtual ResponseSpec Response(RunStep.Respond respond) => respond.Response();
}

/// <summary>The files a front door client sent with its steps, by the name its steps give them.</summary>
internal sealed class SentStepFiles(IReadOnlyDictionary<string, byte[]> files) : StepFiles
{
    public override string ReadPage(string file) => files.TryGetValue(file, out var bytes)
        ? System.Text.Encoding.UTF8.GetString(bytes)
        : throw new ExtensionRequestException($"--page {file}: the client did not send this file");

    public override ResponseSpec Response(RunStep.Respond respond)
    {
        if (files.TryGetValue(respond.Source, out var bytes)) return ResponseSpec.Bytes(bytes, ResponseSpec.ContentTypeFor(respond.Source));
        try
        {
            using var _ = System.Text.Json.JsonDocument.Parse(respond.Source);
        }
        catch (System.Text.Json.JsonException)
        {
            throw new ExtensionRequestException($"--respond {respond.Pattern} {OneLineText.Escape(respond.Source, 80)}: expected a file the client sent or a JSON body (neither)");
        }
        return ResponseSpec.Json(respond.Source);
    }
}
