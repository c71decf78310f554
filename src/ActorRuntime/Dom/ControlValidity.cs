using System.Runtime.CompilerServices;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace ActorRuntime.Dom;

/// <summary>
/// A control's ValidityState: AngleSharp's flags, with HTML's rule it lacks that a control that is not mutable
/// (disabled, itself or by its fieldset, or read-only) does not suffer from being missing, except where HTML's rule does not ask for
/// mutability (checkboxes, radio buttons, file inputs, selects). <c>valid</c> follows the flags as corrected.
/// One view per control, so <c>validity</c> is the same object every time.
/// </summary>
internal sealed class ControlValidity
{
    private static readonly ConditionalWeakTable<IElement, ControlValidity> Views = new();

    private ControlValidity(IElement control, IValidation validation)
    {
        Control = control;
        Validation = validation;
    }

    public IElement Control { get; }
    private IValidation Validation { get; }

    public IValidityState State => Validation.Validity;

    public static ControlValidity Of<T>(T control) where T : class, IElement, IValidation =>
        Views.GetValue(control, c => new ControlValidity(c, (IValidation)c));

    public bool ValueMissing => State.IsValueMissing && !(NeedsMutability && (IsDisabled(Control) || Control.HasAttribute("readonly")));

    public bool Valid => !(ValueMissing || State.IsTypeMismatch || State.IsPatternMismatch || State.IsTooLong || State.IsTooShort || State.IsBadInput
        || State.IsRangeUnderflow || State.IsRangeOverflow || State.IsStepMismatch || State.IsCustomError);

    private bool NeedsMutability => Control switch
    {
        IHtmlInputElement input => input.Type is not ("checkbox" or "radio" or "file"),
        IHtmlTextAreaElement => true,
        _ => false,
    };

    private static bool IsDisabled(IElement element) => element.HasAttribute("disabled") || element.Closest("fieldset[disabled]") is not null;
}
