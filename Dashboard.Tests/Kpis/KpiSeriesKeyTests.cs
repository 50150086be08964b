using Dashboard.Kpis;

namespace Dashboard.Tests.Kpis;

/// <summary>The canonical series key (docs/events.md §5): Prometheus text form, labels sorted by name (ordinal), values escaped.</summary>
public sealed class KpiSeriesKeyTests
{
    [Fact]
    public void A_series_without_labels_is_its_name()
    {
        Assert.Equal("leads", KpiSeriesKey.Of("leads", null));
        Assert.Equal("leads", KpiSeriesKey.Of("leads", new Dictionary<string, string>()));
    }

    [Fact]
    public void Labels_are_sorted_ordinal_so_any_order_gives_one_key()
    {
        var one = KpiSeriesKey.Of("ai_agent_conversations", [new("channel", "web"), new("bot", "b-1"), new("Zone", "z")]);
        var other = KpiSeriesKey.Of("ai_agent_conversations", [new("Zone", "z"), new("bot", "b-1"), new("channel", "web")]);

        // Ordinal: upper case sorts before lower case.
        Assert.Equal("ai_agent_conversations{Zone=\"z\",bot=\"b-1\",channel=\"web\"}", one);
        Assert.Equal(one, other);
    }

    [Fact]
    public void Values_are_escaped_as_in_the_exposition_format()
    {
        Assert.Equal("m{a=\"back\\\\slash\",b=\"say \\\"hi\\\"\",c=\"line\\nbreak\"}",
            KpiSeriesKey.Of("m", [new("c", "line\nbreak"), new("b", "say \"hi\""), new("a", "back\\slash")]));
        Assert.Equal("m{a=\"é €\"}", KpiSeriesKey.Of("m", [new("a", "é €")]));
    }
}
