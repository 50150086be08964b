using System.Text;

namespace Dashboard.Ingestion;

/// <summary>
/// The two rules every accepted string follows (docs/limits.md, "Ingestion"). An <b>identifier</b> (an id the fold, a
/// topic or a primary key uses) is 1 to <c>Ingestion:MaxIdentifierBytes</c> bytes of UTF-8 with no control character;
/// <b>free text</b> (names, titles, messages) is at most <c>Ingestion:MaxTextBytes</c> bytes with no control character
/// but, where multi-line text is allowed, tab, line feed and carriage return. Control characters are Unicode's
/// <c>Cc</c> category: C0 (U+0000–U+001F), DEL (U+007F) and C1 (U+0080–U+009F). Strings that are not valid Unicode
/// (an escaped lone surrogate) never get here: <see cref="JsonFields.TryGetText"/> refuses them.
/// </summary>
internal static class TextRules
{
    // Longest part of a client-chosen name (a label or attribute name) echoed back as an error's field.
    private const int MaxShownNameLength = 64;

    /// <summary>The rule of an identifier, in the words of an error.</summary>
    public const string ControlRule = "must not contain control characters (U+0000-U+001F, U+007F-U+009F)";

    /// <summary>
    /// Checks <paramref name="text"/> as an identifier named <paramref name="field"/>; adds one error and returns null
    /// when it is empty, too long or holds a control character.
    /// </summary>
    public static string? Identifier(string text, string field, EventErrorCollector errors)
    {
        if (text.Length == 0)
        {
            errors.Add(field, "must be a non-empty string");
            return null;
        }

        return CheckBytes(text, field, errors.Limits.MaxIdentifierBytes, "Ingestion:MaxIdentifierBytes", errors)
               && CheckControls(text, field, allowLineBreaks: false, errors)
            ? text
            : null;
    }

    /// <summary>
    /// Checks <paramref name="text"/> as free text named <paramref name="field"/>; <paramref name="multiline"/> allows
    /// tab, line feed and carriage return. Adds one error and returns null when it breaks a rule.
    /// </summary>
    public static string? FreeText(string text, string field, bool multiline, EventErrorCollector errors) =>
        CheckBytes(text, field, errors.Limits.MaxTextBytes, "Ingestion:MaxTextBytes", errors)
        && CheckControls(text, field, multiline, errors)
            ? text
            : null;

    /// <summary>
    /// Checks a CloudEvents attribute (<c>id</c>, <c>source</c>, <c>subject</c>, <c>type</c>) against its fixed
    /// <paramref name="maxBytes"/> and the identifier's character rule.
    /// </summary>
    public static bool Attribute(string text, string field, int maxBytes, EventErrorCollector errors) =>
        CheckBytes(text, field, maxBytes, null, errors) && CheckControls(text, field, allowLineBreaks: false, errors);

    /// <summary>True when <paramref name="text"/> holds a control character (tab, LF and CR excepted when <paramref name="allowLineBreaks"/>).</summary>
    public static bool HasControl(string text, bool allowLineBreaks)
    {
        foreach (var c in text)
        {
            if (char.IsControl(c) && !(allowLineBreaks && c is '\t' or '\n' or '\r'))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><paramref name="name"/> cut to 64 characters, so a client's oversized member name is not echoed back whole.</summary>
    public static string Shown(string name) => name.Length > MaxShownNameLength ? name[..MaxShownNameLength] + "…" : name;

    private static bool CheckBytes(string text, string field, int maxBytes, string? key, EventErrorCollector errors)
    {
        // A UTF-16 code unit is at most 3 UTF-8 bytes: most strings are decided without counting.
        if (text.Length * 3 <= maxBytes)
        {
            return true;
        }

        var bytes = Encoding.UTF8.GetByteCount(text);
        if (bytes <= maxBytes)
        {
            return true;
        }

        errors.Add(field, $"must be at most {maxBytes} bytes of UTF-8{(key is null ? "" : $" ({key})")}; got {bytes}");
        return false;
    }

    private static bool CheckControls(string text, string field, bool allowLineBreaks, EventErrorCollector errors)
    {
        if (!HasControl(text, allowLineBreaks))
        {
            return true;
        }

        errors.Add(field, allowLineBreaks ? ControlRule + " other than tab, line feed and carriage return" : ControlRule);
        return false;
    }
}
