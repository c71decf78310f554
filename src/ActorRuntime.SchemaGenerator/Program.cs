using System.CommandLine;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ActorRuntime.SchemaGenerator;

// Turns Firefox's published WebExtension schemas (the npm package webext-schema: schemas/central/webext.json, MPL-2.0)
// into the runtime's API description, src/ActorRuntime/Apis/Schema/webext-api.json; `chromium` turns Chromium's published
// TypeScript declarations (the npm package chrome-types: _all.d.ts, Apache-2.0) into what Chromium has beyond it,
// chromium-api.json. regenerate.sh beside this file fetches both packages and runs both; building and testing only read
// the descriptions kept in the repository.
internal static class Program
{
    public static int Main(string[] args)
    {
        var input = new Argument<FileInfo>("schema") { Description = "webext.json of the webext-schema package" };
        var output = new Argument<FileInfo>("output") { Description = "where to write the API description" };
        var source = new Option<string>("--source") { Description = "what the schema is, as the description's header names it", DefaultValueFactory = _ => "webext-schema" };
        var command = new RootCommand("Generates ActorRuntime's API description from the browsers' WebExtension schemas") { input, output, source };
        command.Subcommands.Add(ChromiumCommand());
        command.SetAction(parse =>
        {
            var schemaFile = parse.GetValue(input)!;
            JsonNode? root;
            try
            {
                root = JsonNode.Parse(File.ReadAllText(schemaFile.FullName));
            }
            catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"error: {schemaFile.FullName}: {ex.Message}");
                return 1;
            }
            if (root is not JsonObject files)
            {
                Console.Error.WriteLine($"error: {schemaFile.FullName}: expected an object of schema files, each an array of namespaces");
                return 1;
            }
            var description = ApiDescriptionBuilder.Build(files, parse.GetValue(source)!);
            File.WriteAllText(parse.GetValue(output)!.FullName, description, new UTF8Encoding(false));
            Console.WriteLine($"wrote {parse.GetValue(output)!.FullName} ({description.Length / 1024} KiB)");
            return 0;
        });
        return command.Parse(args).Invoke();
    }

    private static Command ChromiumCommand()
    {
        var declarations = new Argument<FileInfo>("declarations") { Description = "_all.d.ts of the chrome-types package" };
        var firefox = new Argument<FileInfo>("firefox") { Description = "the Firefox description (webext-api.json) to compare with" };
        var output = new Argument<FileInfo>("output") { Description = "where to write what Chromium has beyond it" };
        var source = new Option<string>("--source") { Description = "what the declarations are, as the description's header names them", DefaultValueFactory = _ => "chrome-types" };
        var chromium = new Command("chromium", "Writes what Chromium's API has that the Firefox description lacks, from chrome-types") { declarations, firefox, output, source };
        chromium.SetAction(parse =>
        {
            string description;
            try
            {
                var namespaces = ChromeTypes.DtsParser.Parse(File.ReadAllText(parse.GetValue(declarations)!.FullName));
                var firefoxDescription = JsonNode.Parse(File.ReadAllText(parse.GetValue(firefox)!.FullName)) as JsonObject
                                         ?? throw new FormatException("the Firefox description is not a JSON object");
                description = ChromeTypes.ChromiumDescriptionBuilder.Build(namespaces, firefoxDescription, parse.GetValue(source)!);
            }
            catch (Exception ex) when (ex is IOException or JsonException or FormatException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return 1;
            }
            File.WriteAllText(parse.GetValue(output)!.FullName, description, new UTF8Encoding(false));
            Console.WriteLine($"wrote {parse.GetValue(output)!.FullName} ({description.Length / 1024} KiB)");
            return 0;
        });
        return chromium;
    }
}
