using System.Reflection;
using PublicApiGenerator;

namespace ActorRuntime.Tests.PublicApi;

/// <summary>
/// Every shipped assembly's public API, approved in a file next to this test: a change to the contract shows up as
/// a reviewed diff. When it fails, the test writes the new API as <c>*.received.txt</c> beside the approved file;
/// compare the two and, if the change is meant, copy it over the approved one.
/// </summary>
public class PublicApiApprovalTests
{
    private static readonly string Folder = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "PublicApi"));

    public static TheoryData<string> Assemblies => new() { "ActorRuntime.Abstractions", "ActorRuntime", "ActorRuntime.Hosting", "ActorRuntime.Cluster" };

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void The_public_api_is_the_approved_one(string assemblyName)
    {
        var api = Assembly.Load(assemblyName).GeneratePublicApi(new ApiGeneratorOptions
        {
            // The build's own attributes (target framework, internals visible to) are not part of the contract.
            ExcludeAttributes = ["System.Runtime.Versioning.TargetFrameworkAttribute", "System.Runtime.CompilerServices.InternalsVisibleToAttribute"],
        });
        var approvedFile = Path.Combine(Folder, assemblyName + ".approved.txt");
        var receivedFile = Path.Combine(Folder, assemblyName + ".received.txt");
        var approved = File.Exists(approvedFile) ? File.ReadAllText(approvedFile) : "";
        if (Normalize(approved) == Normalize(api))
        {
            File.Delete(receivedFile);
            return;
        }
        File.WriteAllText(receivedFile, api);
        Assert.Fail($"The public API of {assemblyName} changed: compare {receivedFile} with {approvedFile}, and copy it over if the change is meant.");
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n").Trim();
}
