namespace Dashboard.Metrics;

/// <summary>The <c>call.ended</c> outcomes of DESIGN.md §4, in the order of the <c>campaigns.outcome_*</c> columns.</summary>
internal static class CallOutcomes
{
    public const string Completed = "completed";
    public const string Busy = "busy";
    public const string NoAnswer = "no_answer";
    public const string Failed = "failed";
    public const string Converted = "converted";
    public const string OptedOut = "opted_out";
    public const string Abandoned = "abandoned";
    public const string Voicemail = "voicemail";
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
