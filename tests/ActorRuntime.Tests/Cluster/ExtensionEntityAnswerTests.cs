using ActorRuntime.Cluster;
using Akka.Actor;
using static ActorRuntime.Cluster.ClusterProtocol;

namespace ActorRuntime.Tests.Cluster;

/// <summary>How an extension entity answers a command that failed or was malformed: always with one line, never by going quiet.</summary>
public class ExtensionEntityAnswerTests
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public void The_runtimes_own_failures_keep_their_code_and_message()
    {
        Assert.Equal((ErrorCodes.Script, "Uncaught TypeError: x"), ExtensionEntity.Failure(new ScriptFailureException("Uncaught TypeError: x"), AskTimeout));
        Assert.Equal((ErrorCodes.Request, "no such view"), ExtensionEntity.Failure(new ExtensionRequestException("no such view"), AskTimeout));
        Assert.Equal((ErrorCodes.Failed, "extension \"a\" was stopped: x"), ExtensionEntity.Failure(new ExtensionFailedException("extension \"a\" was stopped: x"), AskTimeout));
        Assert.Equal((ErrorCodes.Timeout, "the extension did not answer within 30 s (actorruntime.ask-timeout)"), ExtensionEntity.Failure(new AskTimeoutException("t"), AskTimeout));
        Assert.Equal((ErrorCodes.Manifest, "manifest.json: broken"), ExtensionEntity.Failure(new ManifestException("manifest.json: broken"), AskTimeout));
    }

    [Fact]
    public void Anything_else_is_answered_as_an_unexpected_failure_on_one_line()
    {
        var (kind, message) = ExtensionEntity.Failure(new InvalidOperationException("broke\nhere"), AskTimeout);
        Assert.Equal(ErrorCodes.Failed, kind);
        Assert.Equal("the extension failed unexpectedly: broke\\nhere", message);
    }

    /// <summary>A code read back on the client is the exception it stood for; one no node sends is a failed extension.</summary>
    [Theory]
    [InlineData(ErrorCodes.Script, typeof(ScriptFailureException))]
    [InlineData(ErrorCodes.Stalled, typeof(EvaluationStalledException))]
    [InlineData(ErrorCodes.Request, typeof(ExtensionRequestException))]
    [InlineData(ErrorCodes.Manifest, typeof(ManifestException))]
    [InlineData(ErrorCodes.Failed, typeof(ExtensionFailedException))]
    [InlineData(ErrorCodes.Timeout, typeof(ExtensionTimeoutException))]
    [InlineData("from-a-newer-node", typeof(ExtensionFailedException))]
    public void Each_code_comes_back_as_its_exception(string code, Type expected)
    {
        var exception = ActorRuntimeException.FromCode(code, "line", consoleMark: 7);
        Assert.IsType(expected, exception);
        Assert.Equal("line", exception.Message);
        if (exception is ScriptFailureException script) Assert.Equal(7, script.ConsoleMark);
        if (code != "from-a-newer-node") Assert.Equal(code, exception.Code);
    }

    [Theory]
    [InlineData(null, "", "", "ExtensionId")]
    [InlineData("a", null, "", "Argument")]
    [InlineData("a", "", null, "Code")]
    [InlineData("a", "", "", null)]
    public void A_command_missing_a_field_is_named(string? id, string? argument, string? code, string? missing) =>
        Assert.Equal(missing, ExtensionEntity.MissingField(new ExtensionCommand(id!, OperationKind.Evaluate, argument!, code!)));
}
