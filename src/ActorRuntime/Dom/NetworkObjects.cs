using ActorRuntime.Kernel;
using Jint.Native;

namespace ActorRuntime.Dom;

/// <summary>A <c>Headers</c> list: names lower-cased, values trimmed, in the order they were added; immutable for a response's.</summary>
internal sealed class HeadersState
{
    public List<(string Name, string Value)> Entries { get; } = [];

    /// <summary>A response's headers (Fetch's "immutable" guard): scripts may read them only.</summary>
    public bool Immutable { get; init; }

    public static HeadersState From(IEnumerable<KeyValuePair<string, string>> headers, bool immutable)
    {
        var state = new HeadersState { Immutable = immutable };
        foreach (var (name, value) in headers) state.Entries.Add((name.ToLowerInvariant(), Normalize(value)));
        return state;
    }

    public HeadersState Copy(bool immutable)
    {
        var copy = new HeadersState { Immutable = immutable };
        copy.Entries.AddRange(Entries);
        return copy;
    }

    /// <summary>The values of <paramref name="name"/> joined with ", ", or null.</summary>
    public string? Get(string name)
    {
        var lower = name.ToLowerInvariant();
        string? joined = null;
        foreach (var (entry, value) in Entries)
            if (entry == lower) joined = joined is null ? value : joined + ", " + value;
        return joined;
    }

    public bool Has(string name) => Entries.Exists(e => e.Name == name.ToLowerInvariant());

    public void Append(string name, string value) => Entries.Add((name.ToLowerInvariant(), Normalize(value)));

    public void Delete(string name) => Entries.RemoveAll(e => e.Name == name.ToLowerInvariant());

    /// <summary>Replaces the first value of <paramref name="name"/> and drops the others (or appends it).</summary>
    public void Set(string name, string value)
    {
        var lower = name.ToLowerInvariant();
        var at = Entries.FindIndex(e => e.Name == lower);
        if (at < 0)
        {
            Entries.Add((lower, Normalize(value)));
            return;
        }
        Entries[at] = (lower, Normalize(value));
        for (var i = Entries.Count - 1; i > at; i--)
            if (Entries[i].Name == lower) Entries.RemoveAt(i);
    }

    /// <summary>What iteration gives: sorted by name, each name once with its values joined (<c>set-cookie</c> once per value).</summary>
    public List<(string Name, string Value)> Sorted()
    {
        var sorted = new List<(string, string)>();
        foreach (var name in Entries.Select(e => e.Name).Distinct().Order(StringComparer.Ordinal))
        {
            if (name == "set-cookie") sorted.AddRange(Entries.Where(e => e.Name == name));
            else sorted.Add((name, Get(name)!));
        }
        return sorted;
    }

    /// <summary>Whether <paramref name="name"/> is an HTTP token (a header name or a method).</summary>
    public static bool IsToken(string name) => name.Length > 0 && name.All(c => c is > ' ' and < '\u007f' && "\"(),/:;<=>?@[\\]{}".IndexOf(c) < 0);

    /// <summary>Whether <paramref name="value"/> may be a header value (after trimming): no NUL, CR or LF.</summary>
    public static bool IsValue(string value) => !value.Any(c => c is '\0' or '\r' or '\n');

    /// <summary>Strips leading and trailing HTTP whitespace (tab, space, CR, LF).</summary>
    public static string Normalize(string value) => value.Trim(' ', '\t', '\r', '\n');
}

/// <summary>A request or response body: its bytes (null when it has none), and whether a script has read it.</summary>
internal abstract class BodyState
{
    public byte[]? Body { get; set; }
    public bool BodyUsed { get; set; }
    public HeadersState Headers { get; set; } = new();

    /// <summary>The signal whose abort makes reading the body fail (a fetch's response), if any.</summary>
    public AbortSignalState? Signal { get; set; }
}

/// <summary>A <c>Request</c>: what <c>fetch</c> asks for.</summary>
internal sealed class RequestState : BodyState
{
    public required string Method { get; init; }
    public required string Url { get; init; }

    /// <summary>Whether cookies go with it: <c>omit</c>, <c>same-origin</c> or <c>include</c>.</summary>
    public string Credentials { get; init; } = "same-origin";
}

/// <summary>A <c>Response</c>: what the offline network answered (or what a script constructed).</summary>
internal sealed class ResponseState : BodyState
{
    public int Status { get; init; }
    public string StatusText { get; init; } = "";
    public string Url { get; init; } = "";
    public bool Redirected { get; init; }

    /// <summary>basic (same origin), cors (another origin), default (constructed), error (<c>Response.error()</c>).</summary>
    public string Type { get; init; } = "default";

    public static ResponseState From(NetworkResponse response, string type, AbortSignalState? signal) => new()
    {
        Status = response.Status,
        StatusText = response.StatusText,
        Url = response.Url,
        Redirected = response.Redirected,
        Type = type,
        Headers = HeadersState.From(response.Headers, immutable: true),
        Body = response.Body,
        Signal = signal,
    };
}

/// <summary>An <c>XMLHttpRequest</c>: its state machine (readyState 0 to 4), request and response.</summary>
internal sealed class XhrState : PlainEventTarget
{
    public const int Unsent = 0, Opened = 1, HeadersReceived = 2, Loading = 3, Done = 4;

    public int ReadyState { get; set; }
    public string Method { get; set; } = "GET";
    public string Url { get; set; } = "";
    public bool Async { get; set; } = true;
    public HeadersState RequestHeaders { get; set; } = new();
    public bool Sent { get; set; }

    /// <summary>The response once headers arrived; null before, and after a network error or an abort.</summary>
    public NetworkResponse? Response { get; set; }

    public string ResponseType { get; set; } = "";

    /// <summary>The <c>response</c> value once built (the same object every read, as browsers give it).</summary>
    public JsValue? ResponseValue { get; set; }

    /// <summary>Bumped by open and abort: an answer to an earlier send is then ignored.</summary>
    public int Generation { get; set; }

    public bool WithCredentials { get; set; }
    public uint Timeout { get; set; }

    public XhrUploadState Upload { get; } = new();
}

/// <summary>An XMLHttpRequest's <c>upload</c>: events only (nothing is uploaded anywhere).</summary>
internal sealed class XhrUploadState : PlainEventTarget;
