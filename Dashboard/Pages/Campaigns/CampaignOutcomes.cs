using Dashboard.Calls;


namespace Dashboard.Pages.Campaigns;

/// <summary>The outcome table of the campaign page: the nine outcomes in the order and with the labels of <c>charts.js</c> <c>OUTCOMES</c>.</summary>
internal static class CampaignOutcomes
{
    /// <summary>(key, label, count) per outcome, in display order.</summary>
    public static IEnumerable<(string Key, string Label, long Count)> Of(OutcomeCounts o) =>
    [
        ("completed", "Completed", o.Completed), ("converted", "Converted", o.Converted), ("busy", "Busy", o.Busy),
        ("no_answer", "No answer", o.NoAnswer), ("failed", "Failed", o.Failed), ("opted_out", "Opted out", o.OptedOut),
        ("abandoned", "Abandoned", o.Abandoned), ("voicemail", "Voicemail", o.Voicemail), ("canceled", "Canceled", o.Canceled),
    ];

    /// <summary><paramref name="count"/> as a share of every ended call; null when none ended.</summary>
    public static double? Share(OutcomeCounts o, long count)
    {
        var total = Of(o).Sum(x => x.Count);
        return total == 0 ? null : (double)count / total;
    }
}
