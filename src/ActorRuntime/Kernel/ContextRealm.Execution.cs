using ActorRuntime.Scripting;
using Acornima;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;

namespace ActorRuntime.Kernel;

/// <summary>Running scripts in the realm and reporting what they throw, as a browser console would.</summary>
internal sealed partial class ContextRealm
{
    public void Log(string level, string text, bool fromScript = false)
    {
        // A stopped extension prints nothing more: its supervisor reports why it was stopped, once.
        if (Extension.HaltReason is null) Extension.Report(new ConsoleEntry(Label, level, text) { IsScriptOutput = fromScript });
    }

    /// <summary>Runs a prepared script; an error is reported as <c>Uncaught ...</c> and the caller carries on with the next script.</summary>
    public bool RunScript(PreparedScript script) => RunScriptReporting(script) is null;

    /// <summary>Runs a prepared script: null when it ran to its end, else the line reported (its load failure, syntax error or what it threw).</summary>
    public string? RunScriptReporting(PreparedScript script)
    {
        if (script.Script is not { } prepared)
        {
            Log("error", script.Error!);
            return script.Error;
        }
        try
        {
            Engine.Execute(in prepared);
            return null;
        }
        catch (Exception ex) when (ErrorReport.IsScriptFailure(ex))
        {
            RecoverFrom(ex);
            var line = ErrorReport.Describe(ex);
            Log("error", line);
            return line;
        }
    }

    /// <summary>Calls a listener or timer callback; what it throws is reported as <c>Uncaught ...</c> and stays here.</summary>
    public JsValue? CallReporting(JsValue function, JsValue thisValue, JsValue[] arguments)
    {
        try
        {
            return Engine.Call(function, thisValue, arguments);
        }
        catch (Exception ex) when (ErrorReport.IsScriptFailure(ex))
        {
            Extension.RecoverAll(ex);
            RecoverFrom(ex);
            Log("error", ErrorReport.Describe(ex));
            return null;
        }
    }

    /// <summary>Evaluates console input: the completion value, with top-level <c>await</c> allowed (the result is then a promise).</summary>
    public JsValue EvaluateConsoleInput(string code)
    {
        // Tools repeat the same input (benchmarks, health checks): parse each text once per realm.
        if (!_consoleInputs.TryGetValue(code, out var prepared))
        {
            prepared = PrepareConsoleInput(code);
            if (_consoleInputs.Count >= 64) _consoleInputs.Clear();
            _consoleInputs[code] = prepared;
        }
        return Engine.Evaluate(in prepared);
    }

    private readonly Dictionary<string, Prepared<Acornima.Ast.Script>> _consoleInputs = new(StringComparer.Ordinal);

    private Prepared<Acornima.Ast.Script> PrepareConsoleInput(string code)
    {
        try
        {
            return Engine.PrepareScript(code, "eval", options: PreparedScript.SourceRetaining);
        }
        catch (Exception ex) when (PreparedScript.SyntaxErrorOf(ex) is { } first)
        {
            if (code.Contains("await", StringComparison.Ordinal))
            {
                foreach (var wrapped in new[] { $"(async () => (\n{code}\n))()", $"(async () => {{\n{code}\n}})()" })
                {
                    try
                    {
                        return ReturnLastExpression(Engine.PrepareScript(wrapped, "eval", options: PreparedScript.SourceRetaining), wrapped);
                    }
                    catch (Exception wrappedError) when (PreparedScript.SyntaxErrorOf(wrappedError) is not null)
                    {
                        // Try the next way of wrapping; report the original error if none parses.
                    }
                }
            }
            throw new JavaScriptException(Engine.Construct("SyntaxError", [first.Description]));
        }
    }

    /// <summary>
    /// In the statement-block wrapper a console gives the completion value by returning the last expression
    /// statement, so <c>const x = await f(); x.y</c> yields <c>x.y</c> as it does typed into a browser console.
    /// </summary>
    private Prepared<Acornima.Ast.Script> ReturnLastExpression(Prepared<Acornima.Ast.Script> prepared, string wrapped)
    {
        if (prepared.Program?.Body is [Acornima.Ast.ExpressionStatement { Expression: Acornima.Ast.CallExpression { Callee: Acornima.Ast.ArrowFunctionExpression { Body: Acornima.Ast.FunctionBody body } } }]
            && body.Body.Count > 0 && body.Body[^1] is Acornima.Ast.ExpressionStatement last)
            return Engine.PrepareScript(wrapped.Insert(last.Start, "return "), "eval", options: PreparedScript.SourceRetaining);
        return prepared;
    }

    /// <summary>After a runaway script is stopped, the engine's call stack is left mid-flight: clear it.</summary>
    public void RecoverFrom(Exception ex)
    {
        if (ex is not JavaScriptException) Engine.Advanced.ResetCallStack();
    }

    /// <summary>The result as the CLI prints it: <c>JSON.stringify</c>, compact; <c>undefined</c> when it gives nothing.</summary>
    public string Format(JsValue value)
    {
        if (value.IsUndefined()) return "undefined";
        // What JSON cannot hold is written as a browser's console writes it.
        if (value.IsBigInt()) return value + "n";
        if (value.IsSymbol()) return value.ToString();
        try
        {
            // The realm's own JSON.stringify (the engine's serializer): a page replacing JSON.stringify does not write its
            // results.
            var text = Stringify(value);
            if (!text.IsUndefined()) return text.ToString();
        }
        catch (JavaScriptException)
        {
            // Cyclic or otherwise unserialisable (a Window): fall back to its [object Tag] form.
        }
        if (value is ObjectInstance)
        {
            try
            {
                var toString = Engine.Intrinsics.Object.PrototypeObject.Get("toString");
                return Engine.Call(toString, value, []).ToString();
            }
            catch (JavaScriptException)
            {
                return "[object]";
            }
        }
        return "undefined";
    }
}
