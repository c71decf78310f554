using System.Text.Json;

namespace ActorRuntime.Manifest;

/// <summary>Reads <c>manifest.json</c> as browsers do: comments and trailing commas are accepted.</summary>
public static class ManifestLoader
{
    private static readonly JsonDocumentOptions Options = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static ExtensionManifest Load(string extensionDirectory)
    {
        if (!Directory.Exists(extensionDirectory))
            throw new ManifestException($"{extensionDirectory}: no such extension folder");
        var file = Path.Combine(extensionDirectory, "manifest.json");
        if (!File.Exists(file))
            throw new ManifestException($"{file}: missing; an extension folder must contain manifest.json");
        return Parse(File.ReadAllText(file), file);
    }

    public static ExtensionManifest Parse(string json, string fileName = "manifest.json")
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, Options);
        }
        catch (JsonException ex)
        {
            var line = (ex.LineNumber ?? 0) + 1;
            var column = (ex.BytePositionInLine ?? 0) + 1;
            throw new ManifestException($"{fileName}:{line}:{column}: invalid JSON: {FirstSentence(ex.Message)}");
        }

        using (document)
        {
            var reader = new ManifestReader(fileName, document.RootElement);
            return reader.Read();
        }
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut < 0) cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut < 0 ? message : message[..cut]).Trim().ReplaceLineEndings(" ");
    }
}
