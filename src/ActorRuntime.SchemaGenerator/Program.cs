using System.CommandLine;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ActorRuntime.SchemaGenerator;

// Turns Firefox's published WebExtension schemas (the npm package webext-schema: schemas/central/webext.json, MPL-2.0)
// into the runtime's API description, src/ActorRuntime/Apis/Schema/webext-api.json. regenerate.sh beside this file
// fetches the package and runs this; building and testing only read the description kept in the repository.
var input = new Argument<FileInfo>("schema") { Description = "webext.json of the webext-schema package" };
var output = new Argument<FileInfo>("output") { Description = "where to write the API description" };
var source = new Option<string>("--source") { Description = "what the schema is, as the description's header names it", DefaultValueFactory = _ => "webext-schema" };
var command = new RootCommand("Generates ActorRuntime's API description from the browsers' WebExtension schemas") { input, output, source };
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
