namespace ActorRuntime.Kernel;

/// <summary>
/// Bounds on what an extension may inject into pages (HOCON <c>actorruntime.scripting</c>): the content scripts it may
/// register at once, and the style sheets it may have inserted into one document at once. Code an extension passes as
/// text is bounded like a file of its folder (<c>actorruntime.files.max-file-size</c>).
/// </summary>
internal sealed record InjectionLimits(int MaxRegisteredScripts, int MaxInsertedStyles)
{
    public const string MaxRegisteredScriptsKey = "actorruntime.scripting.max-registered-scripts";
    public const string MaxInsertedStylesKey = "actorruntime.scripting.max-inserted-styles";
}
