using ActorRuntime.Dom.Interfaces;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace ActorRuntime.Dom;

/// <summary>A user's actions on a page, and reads of its elements, for the host (<c>run</c>'s <c>--click</c>, <c>--text</c>...).</summary>
internal static class PageActions
{
    /// <summary>Performs the action on the first element matching its selector: what it read, or the problem as one line.</summary>
    public static (string? Output, string? Problem) Perform(DomBinding dom, PageAction action)
    {
        IElement? element;
        try
        {
            element = dom.Document.QuerySelector(action.Selector);
        }
        catch (DomException)
        {
            return (null, $"{action.Selector} is not a valid CSS selector");
        }
        if (element is null) return (null, "no element matches " + action.Selector);
        switch (action.Kind)
        {
            case PageActionKind.Text:
                return (action.Selector + ": " + DocumentInterfaces.Collapse(element.TextContent), null);
            case PageActionKind.Html:
                return (action.Selector + ": " + element.OuterHtml, null);
            case PageActionKind.Click:
                dom.Click(element, trusted: true);
                return (null, null);
            case PageActionKind.Focus:
                dom.Focus(element);
                return (null, null);
            case PageActionKind.Blur:
                dom.Blur(element);
                return (null, null);
            case PageActionKind.Type:
                if (element is not (IHtmlInputElement or IHtmlTextAreaElement) && element.GetAttribute("contenteditable") is not ("" or "true"))
                    return (null, $"{action.Selector} is a <{element.LocalName}>, not a field one can type into");
                dom.Type(element, action.Value ?? "");
                return (null, null);
            case PageActionKind.Check or PageActionKind.Uncheck:
                var check = action.Kind == PageActionKind.Check;
                if (element is not IHtmlInputElement { Type: "checkbox" or "radio" } box)
                    return (null, $"{action.Selector} is not a checkbox or radio button");
                if (!check && box.Type == "radio") return (null, $"{action.Selector} is a radio button: check another one of its group instead");
                if (box.IsChecked != check) dom.Click(box, trusted: true);
                return (null, null);
            case PageActionKind.Select:
                if (element is not IHtmlSelectElement select) return (null, $"{action.Selector} is a <{element.LocalName}>, not a <select>");
                return dom.Choose(select, action.Value ?? "") ? (null, null) : (null, $"{action.Selector} has no option {action.Value}");
            case PageActionKind.Submit:
                if (element is IHtmlFormElement form)
                {
                    // As pressing Enter in the form does: its first submit button is the submitter, else the form submits alone.
                    var button = form.Elements.FirstOrDefault(FormInterfaces.IsSubmitButton);
                    if (button is not null) dom.Click(button, trusted: true);
                    else dom.SubmitForm(form, null, fireSubmitEvent: true);
                    return (null, null);
                }
                if (FormInterfaces.IsSubmitButton(element))
                {
                    dom.Click(element, trusted: true);
                    return (null, null);
                }
                return (null, $"{action.Selector} is neither a form nor a submit button");
            default:
                return (null, $"unknown page action {action.Kind}");
        }
    }
}
