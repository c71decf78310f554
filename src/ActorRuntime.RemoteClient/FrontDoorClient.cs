using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace ActorRuntime.RemoteClient;

/// <summary>
/// <c>remote --url</c>: run's steps sent to a serve node's front door in one request, its output printed as it streams
/// back (<c>{"out"}</c> to stdout, <c>{"err"}</c> to stderr), the exit code the node's run gave. Kept light on purpose:
/// no actor system, no host, only an HTTP client, so the process answers fast.
/// </summary>
internal static class FrontDoorClient
{
    /// <summary>Options of <c>remote</c> that are not steps (with a value each): they stay with the client.</summary>
    internal static readonly HashSet<string> ClientOptions = ["--url", "--token", "--extension", "--seed", "--config", "--flavor", "--bind", "--hostname"];

    /// <summary>Where the token may come from instead of the command line (which other users of the machine can see).</summary>
    public const string TokenVariable = "ACTORRUNTIME_FRONT_DOOR_TOKEN";

    /// <summary>The steps as the request carries them: each option with its values, <c>--script</c> files read in place, <c>--host</c> taken out.</summary>
    internal static List<List<string>> Steps(IReadOnlyList<RunStep.Word> words, int depth = 0)
    {
        var steps = new List<List<string>>();
        List<string>? current = null;
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            if (!word.IsOption)
            {
                current?.Add(word.Value);
                continue;
            }
            current = null;
            if (ClientOptions.Contains(word.Value) || word.Value == "--host")
            {
                if (i + 1 < words.Count && !words[i + 1].IsOption) i++;
                continue;
            }
            if (word.Value == "--script" && depth == 0 && i + 1 < words.Count && !words[i + 1].IsOption)
            {
                steps.AddRange(Steps(ScriptFile.Read(words[++i].Value), depth + 1));
                continue;
            }
            current = [word.Value];
            steps.Add(current);
        }
        return steps;
    }

    /// <summary>The files <c>--page</c> and <c>--respond</c> name, read here: the node never reads its own disk for a client.</summary>
    internal static Dictionary<string, byte[]> Files(IEnumerable<List<string>> steps)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var step in steps)
        {
            if (step is ["--page", var page] && !files.ContainsKey(page))
                files[page] = System.Text.Encoding.UTF8.GetBytes(PageFile.Read(page));
            else if (step is ["--respond", var pattern, var source] && !files.ContainsKey(source) && File.Exists(source))
            {
                try
                {
                    files[source] = File.ReadAllBytes(source);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw new ExtensionRequestException($"--respond {pattern} {source}: the file cannot be read ({OneLineText.Escape(ex.Message, 200)})");
                }
            }
        }
        return files;
    }

    /// <summary>The request body: <c>{"steps":[[option, values...]...],"hostScripts":[{"fileName","code"}],"files":{name: base64}}</c>.</summary>
    internal static byte[] Body(IReadOnlyList<List<string>> steps, IReadOnlyList<HostScriptSource> hostScripts, IReadOnlyDictionary<string, byte[]> files)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("steps");
            foreach (var step in steps)
            {
                json.WriteStartArray();
                foreach (var word in step) json.WriteStringValue(word);
                json.WriteEndArray();
            }
            json.WriteEndArray();
            json.WriteStartArray("hostScripts");
            foreach (var script in hostScripts)
            {
                json.WriteStartObject();
                json.WriteString("fileName", script.FileName);
                json.WriteString("code", script.Code);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartObject("files");
            foreach (var (name, bytes) in files) json.WriteBase64String(name, bytes);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>Sends the run and prints its answer; the node's exit code, or 2 (refused, unreachable) or 1 (the answer broke off).</summary>
    public static async Task<int> RunAsync(Uri url, string? token, string extensionId, byte[] body, TextWriter output, TextWriter error,
        CancellationToken cancellation)
    {
        using var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10), UseCookies = false, UseProxy = false };
        using var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        var endpoint = new Uri(url, $"api/extensions/{Uri.EscapeDataString(extensionId)}/run");
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellation);
        }
        catch (HttpRequestException ex)
        {
            error.WriteLine($"error: cannot reach the front door at {Origin(url)}: {ex.Message}");
            return 2;
        }
        catch (TaskCanceledException) when (!cancellation.IsCancellationRequested)
        {
            error.WriteLine($"error: cannot reach the front door at {Origin(url)}: no connection within {handler.ConnectTimeout.TotalSeconds:0} s");
            return 2;
        }
        using (response)
        {
            if (response.StatusCode != HttpStatusCode.OK) return await RefusedAsync(response, url, error, cancellation);
            return await PrintAsync(await response.Content.ReadAsStreamAsync(cancellation), output, error, cancellation);
        }
    }

    /// <summary>The answer's lines as they come: run's output, its error lines, then its exit code.</summary>
    private static async Task<int> PrintAsync(Stream answer, TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        using var reader = new StreamReader(answer);
        try
        {
            while (await reader.ReadLineAsync(cancellation) is { } line)
            {
                if (line.Length == 0) continue;
                using var item = JsonDocument.Parse(line);
                foreach (var field in item.RootElement.EnumerateObject())
                {
                    switch (field.Name)
                    {
                        case "out":
                            output.WriteLine(field.Value.GetString());
                            break;
                        case "err":
                            error.WriteLine(field.Value.GetString());
                            break;
                        case "exit":
                            return field.Value.GetInt32();
                    }
                }
            }
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or JsonException or InvalidOperationException or FormatException)
        {
            error.WriteLine($"error: the front door's answer broke off: {ex.Message}");
            return 1;
        }
        error.WriteLine("error: the front door's answer ended before the run did");
        return 1;
    }

    /// <summary>A refusal (401: the token; 400, 413: the request) is exit 2, a node too busy or failing exit 1; one line either way.</summary>
    private static async Task<int> RefusedAsync(HttpResponseMessage response, Uri url, TextWriter error, CancellationToken cancellation)
    {
        var status = (int)response.StatusCode;
        var reason = "";
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellation);
            using var body = JsonDocument.Parse(text.Length > 0 ? text : "{}");
            if (body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("error", out var message)) reason = ": " + message.GetString();
        }
        catch (Exception ex) when (ex is JsonException or IOException or HttpRequestException or InvalidOperationException)
        {
            // Not the front door's JSON (a proxy's page): the status says enough.
        }
        error.WriteLine($"error: the front door at {Origin(url)} refused the request: {status} {response.ReasonPhrase}{reason}");
        return status is 400 or 401 or 403 or 404 or 413 ? 2 : 1;
    }

    private static string Origin(Uri url) => url.GetLeftPart(UriPartial.Authority);
}
