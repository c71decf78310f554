namespace ActorRuntime.Manifest;

/// <summary>
/// An extension that cannot be loaded, said in one line naming the file, key or value and what was expected. Values
/// quoted from the extension may hold anything: control characters are written as escapes and a very long message is cut.
/// </summary>
public sealed class ManifestException(string message) : Exception(OneLineText.Escape(message, MaxLength))
{
    private const int MaxLength = 2000;
}
