using ActorRuntime.Kernel;
using Jint;
using ActorRuntime.Scripting;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;

namespace ActorRuntime.Apis;

/// <summary><c>console.*</c>: every line is captured and tagged with its context's label.</summary>
internal static class ConsoleApi
{
    private static readonly string[] Levels = ["log", "info", "warn", "error", "debug", "trace"];

    public static ObjectInstance Create(ContextRealm realm)
    {
        var console = new JsObject(realm.Engine);
        foreach (var level in Levels)
            console.Method(level, (_, args) =>
            {
                realm.Log(level, Line(realm, args), fromScript: true);
                return JsValue.Undefined;
            });
        return console;
    }

    /// <summary>
    /// The line a call prints: a first string argument is a format string, as in the Console Standard (<c>%s</c>,
    /// <c>%d</c>/<c>%i</c>, <c>%f</c>, <c>%o</c>/<c>%O</c>, <c>%c</c> takes its CSS and prints nothing, <c>%%</c>);
    /// arguments left over follow, separated by spaces.
    /// </summary>
    internal static string Line(ContextRealm realm, JsValue[] args)
    {
        string Plain(JsValue value) => value.IsString() ? value.ToString() : realm.Format(value);
        if (args.Length == 0 || !args[0].IsString() || !args[0].ToString().Contains('%')) return string.Join(' ', args.Select(Plain));
        var format = args[0].ToString();
        var line = new System.Text.StringBuilder(format.Length);
        var next = 1;
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%' || i + 1 == format.Length)
            {
                line.Append(format[i]);
                continue;
            }
            var specifier = format[i + 1];
            if (specifier == '%')
            {
                line.Append('%');
                i++;
                continue;
            }
            if (specifier is not ('s' or 'd' or 'i' or 'f' or 'o' or 'O' or 'c') || next >= args.Length)
            {
                line.Append(format[i]);
                continue;
            }
            var argument = args[next++];
            i++;
            switch (specifier)
            {
                case 's':
                    line.Append(argument.IsSymbol() ? realm.Format(argument) : argument is ObjectInstance ? realm.Format(argument) : TypeConverter.ToString(argument));
                    break;
                case 'd' or 'i':
                    line.Append(argument.IsSymbol() ? "NaN" : TypeConverter.ToString(realm.Engine.Call(realm.ParseInt, JsValue.Undefined, [argument, 10])));
                    break;
                case 'f':
                    line.Append(argument.IsSymbol() ? "NaN" : TypeConverter.ToString(realm.Engine.Call(realm.ParseFloat, JsValue.Undefined, [argument])));
                    break;
                case 'o' or 'O':
                    line.Append(realm.Format(argument));
                    break;
                case 'c':
                    break;
            }
        }
        foreach (var rest in args.Skip(next)) line.Append(' ').Append(Plain(rest));
        return line.ToString();
    }
}
