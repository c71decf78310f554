using System.Text;
using ActorRuntime.Cluster;
using Akka.Actor;
using static ActorRuntime.Cluster.ClusterProtocol;

namespace ActorRuntime.Tests.Diagnostics;

/// <summary>The W3C trace context a cluster command carries, through the cluster protocol's serializer, old nodes included.</summary>
public sealed class TraceContextWireTests : Akka.TestKit.Xunit2.TestKit
{
    private const string TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    private ClusterProtocolSerializer Serializer => new((ExtendedActorSystem)Sys);

    [Fact]
    public void A_commands_trace_context_survives_the_wire()
    {
        var command = new ExtensionCommand("ext", OperationKind.Evaluate, "background", "1 + 1", TraceParent: TraceParent, TraceState: "vendor=1");
        var read = (ExtensionCommand)Serializer.FromBinary(Serializer.ToBinary(command), Serializer.Manifest(command));
        Assert.Equal(command, read);
    }

    [Fact]
    public void A_command_from_a_node_that_does_not_trace_reads_as_untraced()
    {
        // What a node without the trace fields writes: the same manifest, the fields absent.
        const string older = """{"ExtensionId":"ext","Kind":2,"Argument":"background","Code":"1","Private":false,"RecordCalls":false}""";
        var read = (ExtensionCommand)Serializer.FromBinary(Encoding.UTF8.GetBytes(older), "extension-command-v2");
        Assert.Equal(new ExtensionCommand("ext", OperationKind.Evaluate, "background", "1"), read);
        Assert.Null(read.TraceParent);
    }
}
