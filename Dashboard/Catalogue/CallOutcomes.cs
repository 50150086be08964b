namespace Dashboard.Catalogue;

/// <summary>
/// The <c>call.ended</c> outcomes of docs/events.md §2 (dialer dispositions), in the order of the <c>campaigns.outcome_*</c> columns.
/// </summary>
internal static class CallOutcomes
{
    /// <summary><c>completed</c>.</summary>
    public const string Completed = "completed";
    /// <summary><c>busy</c>.</summary>
    public const string Busy = "busy";
    /// <summary><c>no_answer</c>.</summary>
    public const string NoAnswer = "no_answer";
    /// <summary><c>failed</c>.</summary>
    public const string Failed = "failed";
    /// <summary><c>converted</c>.</summary>
    public const string Converted = "converted";
    /// <summary><c>opted_out</c>.</summary>
    public const string OptedOut = "opted_out";
    /// <summary><c>abandoned</c>.</summary>
    public const string Abandoned = "abandoned";
    /// <summary><c>voicemail</c>.</summary>
    public const string Voicemail = "voicemail";
    /// <summary><c>canceled</c>.</summary>
    public const string Canceled = "canceled";

    /// <summary>Every outcome; an index into this list is an outcome's counter slot.</summary>
    public static readonly IReadOnlyList<string> All =
        [Completed, Busy, NoAnswer, Failed, Converted, OptedOut, Abandoned, Voicemail, Canceled];

    /// <summary>The counter slot of <paramref name="outcome"/>, or -1 for a value outside the catalogue (stored, not counted).</summary>
    public static int IndexOf(string? outcome) => outcome is null ? -1 : IndexOfKnown(outcome);

    private static int IndexOfKnown(string outcome)
    {
        for (var i = 0; i < All.Count; i++)
        {
            if (string.Equals(All[i], outcome, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
