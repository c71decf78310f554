using System.CommandLine;
using ActorRuntime.Host;

var root = new RootCommand("ActorRuntime: run WebExtensions outside a browser") { RunCommand.Create(Console.Out, Console.Error) };
var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    Console.Error.WriteLine($"error: {parsed.Errors[0].Message}");
    return 2;
}
return await parsed.InvokeAsync();
