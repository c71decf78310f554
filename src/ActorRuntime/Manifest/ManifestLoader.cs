using System.Text.Json;

namespace ActorRuntime.Manifest;

/// <summary>Reads <c>manifest.json</c> as browsers do: comments and trailing commas are accepted.</summary>
internal static class ManifestLoader
{
    private static readonly JsonDocumentOptions Options = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static ExtensionManifest Load(string extensionDirectory, FileLimits? limits = null) =>
        Read(ExtensionFiles.Open(extensionDirectory, limits ?? FileLimits.Default), Path.Combine(extensionDirectory, "manifest.json"));

    /// <summary>Reads and parses the folder's manifest; <paramref name="manifestPath"/> names it in errors.</summary>
    internal static ExtensionManifest Read(ExtensionFiles files, string manifestPath)
    {
        string json;
        try
        {
            json = files.ReadText("manifest.json");
        }
        catch (ExtensionFileException ex) when (ex.IsMissing)
        {
            throw new ManifestException($"{manifestPath}: missing; an extension folder must contain manifest.json");
        }
        catch (ExtensionFileException ex)
        {
            throw new ManifestException($"{manifestPath} is refused: {ex.Reason}");
        }
        return Parse(json, manifestPath);
    }

    /// <summary>
    /// The manifest as plain JSON (comments and trailing commas dropped), for <c>runtime.getManifest()</c>: read again when
    /// asked rather than kept, as a suspended extension keeps its manifest; "{}" when the file can no longer be read.
    /// </summary>
    public static string PlainJson(ExtensionFiles files)
    {
        try
        {
            using var document = JsonDocument.Parse(files.ReadText("manifest.json"), Options);
            return JsonSerializer.Serialize(document.RootElement);
        }
        catch (Exception ex) when (ex is ExtensionFileException or JsonException or ArgumentException)
        {
            return "{}";
        }
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
        catch (ArgumentException) when (LoneSurrogate(json) is var (line, column, unit))
        {
            // The text itself (not a \u escape) holds half a surrogate pair: a file read as UTF-16.
            throw new ManifestException($"{fileName}:{line}:{column}: expected Unicode text, got a lone surrogate U+{(int)unit:X4}");
        }

        using (document)
        {
            ManifestStrings.CheckUnicode(fileName, document.RootElement);
            var reader = new ManifestReader(fileName, document.RootElement);
            return reader.Read();
        }
    }

    /// <summary>Where the first unpaired surrogate of <paramref name="text"/> is (1-based line and column), if any.</summary>
    private static (int Line, int Column, char Unit)? LoneSurrogate(string text)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n')
            {
                line++;
                lineStart = i + 1;
            }
            else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else if (char.IsSurrogate(c)) return (line, i - lineStart + 1, c);
        }
        return null;
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut < 0) cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut < 0 ? message : message[..cut]).Trim().ReplaceLineEndings(" ");
    }
}
