using Jint;
using Acornima;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;

namespace ActorRuntime.Scripting;

/// <summary>Turns whatever a script throws into the line a browser console prints: <c>Uncaught Name: message</c>.</summary>
internal static class ErrorReport
{
    public static bool IsScriptFailure(Exception ex) => ex is JintException or ScriptLimitExceededException or ParseErrorException
        or InsufficientExecutionStackException or System.Text.RegularExpressions.RegexMatchTimeoutException;

    public static string Describe(Exception ex) => ex switch
    {
        JavaScriptException js => "Uncaught " + DescribeValue(js.Error) + Where(js),
        ScriptLimitExceededException limit => "Uncaught InternalError: " + limit.Message,
        System.Text.RegularExpressions.RegexMatchTimeoutException regex =>
            $"Uncaught InternalError: regular expression ran longer than the script's {regex.MatchTimeout.TotalMilliseconds:0} ms limit (actorruntime.script.timeout) and was stopped",
        RecursionDepthOverflowException or InsufficientExecutionStackException => "Uncaught InternalError: too much recursion",
        ParseErrorException parse => $"Uncaught SyntaxError: {parse.Description}",
        _ => "Uncaught InternalError: " + ex.Message,
    };

    /// <summary><c>Name: message</c> of an error object (also through a proxy), or the thrown primitive as text.</summary>
    public static string DescribeValue(JsValue error)
    {
        if (error is not ObjectInstance o) return Primitive(error);
        try
        {
            var name = o.Get("name");
            var message = o.Get("message");
            var nameText = name.IsUndefined() ? "Error" : TypeConverter.ToString(name);
            var messageText = message.IsUndefined() ? "" : TypeConverter.ToString(message);
            return messageText.Length == 0 ? nameText : $"{nameText}: {messageText}";
        }
        catch (JavaScriptException)
        {
            return "Error";
        }
    }

    /// <summary>
    /// A thrown value that reached no <c>catch</c> outside a call the runtime made (a module's evaluation, a rejection):
    /// <c>Name: message</c>, with where it was thrown (<c>(file:line:column)</c>) from an error's stack when it has one.
    /// </summary>
    public static string DescribeThrown(JsValue error)
    {
        var text = DescribeValue(error);
        if (error is not ObjectInstance o) return text;
        try
        {
            var stack = o.Get("stack");
            if (stack.IsString() && StackFrame.Match(stack.ToString()) is { Success: true } frame) return $"{text} ({frame.Groups[1].Value})";
        }
        catch (JavaScriptException)
        {
            // A getter that throws: the description without its place.
        }
        return text;
    }

    private static readonly System.Text.RegularExpressions.Regex StackFrame = new(@"^\s*at (?:.*? \()?([^()\s]+:\d+:\d+)\)?\s*$", System.Text.RegularExpressions.RegexOptions.Multiline | System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));

    /// <summary>What a rejection carries over to another context: an error's message, or the value as text.</summary>
    public static string MessageOfValue(JsValue reason)
    {
        if (reason is ObjectInstance o)
        {
            try
            {
                var message = o.Get("message");
                if (!message.IsUndefined()) return TypeConverter.ToString(message);
            }
            catch (JavaScriptException)
            {
                // Fall through to the generic text.
            }
            return "An unexpected error occurred";
        }
        return reason.IsUndefined() ? "An unexpected error occurred" : Primitive(reason);
    }

    /// <summary>A primitive as a console prints it: a symbol as <c>Symbol(description)</c>, a BigInt with its <c>n</c> (neither converts to a string in JavaScript).</summary>
    public static string Primitive(JsValue value) => value switch
    {
        JsSymbol symbol => symbol.ToString(),
        _ when value.IsBigInt() => TypeConverter.ToString(value) + "n",
        _ when value.IsString() => value.ToString(),
        _ => TypeConverter.ToString(value),
    };

    private static string Where(JavaScriptException js)
    {
        var location = js.Location;
        var source = location.SourceFile;
        if (string.IsNullOrEmpty(source) || source == "eval") return "";
        return $" ({source}:{location.Start.Line}:{location.Start.Column + 1})";
    }
}
