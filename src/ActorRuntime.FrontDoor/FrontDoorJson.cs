using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace ActorRuntime.FrontDoor;

/// <summary>The front door's small JSON answers, written directly (one object, one line).</summary>
internal static class FrontDoorJson
{
    /// <summary>Lines carry console text as it was printed: no HTML escaping (this is no HTML context), control characters escaped.</summary>
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary><c>{"name":"value"}</c> and a line break, as UTF-8.</summary>
    public static byte[] Line(string name, string value)
    {
        var buffer = new ArrayBufferWriter<byte>(value.Length + name.Length + 8);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            writer.WriteString(name, value);
            writer.WriteEndObject();
        }
        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary><c>{"name":number}</c> and a line break, as UTF-8.</summary>
    public static byte[] Line(string name, int value)
    {
        var buffer = new ArrayBufferWriter<byte>(32);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            writer.WriteNumber(name, value);
            writer.WriteEndObject();
        }
        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>An error answer: <c>{"error":"..."}</c> (the status code is set by the caller).</summary>
    public static Task WriteErrorAsync(HttpResponse response, string message)
    {
        response.ContentType = "application/json; charset=utf-8";
        return response.Body.WriteAsync(Line("error", message)).AsTask();
    }
}
