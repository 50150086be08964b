namespace Dashboard.Commerce;

/// <summary>Message types of the commerce metrics (docs/protocol.md §5).</summary>
public static class CommerceMessageTypes
{
    /// <summary>On <c>commerce</c>: the <see cref="CommerceUpdate"/> snapshot.</summary>
    public const string CommerceUpdate = "commerce_update";
}
