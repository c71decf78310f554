namespace ActorRuntime;

/// <summary>What a user does to an element of a page, or reads of it (<c>run</c>'s <c>--click</c>, <c>--type</c>, <c>--text</c>...).</summary>
public enum PageActionKind
{
    /// <summary>A user's click: the click event (trusted), then its activation behaviour (toggle, submit, reset, label).</summary>
    Click,

    /// <summary>Focuses the field, appends the text with key and input events per character, then blurs it (firing <c>change</c>).</summary>
    Type,

    /// <summary>Checks a checkbox or radio button by clicking it, when it is not checked.</summary>
    Check,

    /// <summary>Unchecks a checkbox by clicking it, when it is checked.</summary>
    Uncheck,

    /// <summary>Chooses the option of a select whose value (else text) is the action's value, firing <c>input</c> and <c>change</c>.</summary>
    Select,

    /// <summary>Submits a form (or clicks a submit button): <c>submit</c> fires, and its default action runs unless prevented.</summary>
    Submit,

    Focus,

    Blur,

    /// <summary>Reads the element's <c>textContent</c>, whitespace collapsed.</summary>
    Text,

    /// <summary>Reads the element's <c>outerHTML</c>.</summary>
    Html,
}

/// <summary>An action on the first element matching <paramref name="Selector"/> (any CSS selector).</summary>
public sealed record PageAction(PageActionKind Kind, string Selector, string? Value = null);

/// <summary>
/// What a page action gave: <paramref name="Output"/> for the reads; <paramref name="Problem"/> when it could not be done
/// (no element matches, the element is not the kind the action needs), as one line. <paramref name="ConsoleMark"/>: as
/// for an evaluation, console lines above it came after the action.
/// </summary>
public sealed record PageActionResult(string? Output, string? Problem, long ConsoleMark);
