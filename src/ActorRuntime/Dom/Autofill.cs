namespace ActorRuntime.Dom;

/// <summary>
/// HTML's autofill processing model, as far as the <c>autocomplete</c> IDL attribute of inputs, selects and textareas
/// shows it: the attribute's tokens are read from the last (the field name) back to the first (section, mode, contact
/// kind), and the IDL value is them normalized to lower case and single spaces, or "" when they do not make a valid
/// detail list.
/// </summary>
internal static class Autofill
{
    private enum Category { None, Off, Automatic, Normal, Contact, Credential }

    private static readonly HashSet<string> NormalFields =
    [
        "name", "honorific-prefix", "given-name", "additional-name", "family-name", "honorific-suffix", "nickname", "username",
        "new-password", "current-password", "one-time-code", "organization-title", "organization", "street-address", "address-line1",
        "address-line2", "address-line3", "address-level4", "address-level3", "address-level2", "address-level1", "country",
        "country-name", "postal-code", "cc-name", "cc-given-name", "cc-additional-name", "cc-family-name", "cc-number", "cc-exp",
        "cc-exp-month", "cc-exp-year", "cc-csc", "cc-type", "transaction-currency", "transaction-amount", "language", "bday",
        "bday-day", "bday-month", "bday-year", "sex", "url", "photo",
    ];

    private static readonly HashSet<string> ContactFields =
        ["tel", "tel-country-code", "tel-national", "tel-area-code", "tel-local", "tel-local-prefix", "tel-local-suffix", "tel-extension", "email", "impp"];

    private static (Category, int Maximum) CategoryOf(string token) => token switch
    {
        "off" => (Category.Off, 1),
        "on" => (Category.Automatic, 1),
        "webauthn" => (Category.Credential, 5),
        _ when NormalFields.Contains(token) => (Category.Normal, 3),
        _ when ContactFields.Contains(token) => (Category.Contact, 4),
        _ => (Category.None, 0),
    };

    /// <summary>The IDL-exposed autofill value of an element with this <c>autocomplete</c> attribute ("" for the default).</summary>
    /// <param name="anchorMantle">An input of type hidden, which may not say "on" or "off".</param>
    public static string IdlValue(string? attribute, bool anchorMantle)
    {
        if (attribute is null) return "";
        var tokens = attribute.Split(['\t', '\n', '\f', '\r', ' '], StringSplitOptions.RemoveEmptyEntries).Select(t => t.ToLowerInvariant()).ToArray();
        if (tokens.Length == 0) return "";
        var index = tokens.Length - 1;
        var (category, maximum) = CategoryOf(tokens[index]);
        if (category == Category.None || tokens.Length > maximum) return "";
        if (category is Category.Off or Category.Automatic) return anchorMantle ? "" : tokens[index];
        var value = tokens[index];
        if (category == Category.Credential)
        {
            if (index == 0) return value;
            index--;
            (category, maximum) = CategoryOf(tokens[index]);
            if (category is not (Category.Normal or Category.Contact) || index > maximum - 1) return "";
            value = tokens[index] + " " + value;
        }
        if (index == 0) return value;
        index--;
        if (category == Category.Contact && tokens[index] is "home" or "work" or "mobile" or "fax" or "pager")
        {
            value = tokens[index] + " " + value;
            if (index == 0) return value;
            index--;
        }
        if (tokens[index] is "shipping" or "billing")
        {
            value = tokens[index] + " " + value;
            if (index == 0) return value;
            index--;
        }
        if (index != 0 || !tokens[index].StartsWith("section-", StringComparison.Ordinal)) return "";
        return tokens[index] + " " + value;
    }
}
