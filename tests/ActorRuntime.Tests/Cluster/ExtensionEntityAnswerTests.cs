using ActorRuntime.Cluster;
using ActorRuntime.Contexts;
using ActorRuntime.Lifecycle;
using Akka.Actor;
using static ActorRuntime.Cluster.ClusterProtocol;

namespace ActorRuntime.Tests.Cluster;

/// <summary>How an extension entity answers a command that failed or was malformed: always with one line, never by going quiet.</summary>
public class ExtensionEntityAnswerTests
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public void The_runtimes_own_failures_keep_their_kind_and_message()
    {
        Assert.Equal((ErrorKind.Script, "Uncaught TypeError: x"), ExtensionEntity.Failure(new ScriptFailureException("Uncaught TypeError: x"), AskTimeout));
        Assert.Equal((ErrorKind.Request, "no such view"), ExtensionEntity.Failure(new ExtensionRequestException("no such view"), AskTimeout));
        Assert.Equal((ErrorKind.Failed, "extension \"a\" was stopped: x"), ExtensionEntity.Failure(new ExtensionFailedException("extension \"a\" was stopped: x"), AskTimeout));
        Assert.Equal((ErrorKind.Failed, "the extension did not answer within 30 s (actorruntime.ask-timeout)"), ExtensionEntity.Failure(new AskTimeoutException("t"), AskTimeout));
    }

    [Fact]
    public void Anything_else_is_answered_as_an_unexpected_failure_on_one_line()
    {
        var (kind, message) = ExtensionEntity.Failure(new InvalidOperationException("broke\nhere"), AskTimeout);
        Assert.Equal(ErrorKind.Failed, kind);
        Assert.Equal("the extension failed unexpectedly: broke\\nhere", message);
    }

    [Theory]
    [InlineData(null, "", "", "ExtensionId")]
    [InlineData("a", null, "", "Argument")]
    [InlineData("a", "", null, "Code")]
    [InlineData("a", "", "", null)]
    public void A_command_missing_a_field_is_named(string? id, string? argument, string? code, string? missing) =>
        Assert.Equal(missing, ExtensionEntity.MissingField(new ExtensionCommand(id!, OperationKind.Evaluate, argument!, code!)));
}
