namespace Dashboard.Chat;

/// <summary>Message types of the chat and support metrics (docs/protocol.md §5).</summary>
public static class ChatMessageTypes
{
    /// <summary>On <c>chat</c>: the <see cref="ChatUpdate"/> snapshot.</summary>
    public const string ChatUpdate = "chat_update";
}
