using Dashboard.Catalogue;
using System.Text.Json;

namespace Dashboard.Ingestion;

/// <summary>The member rules of the chat and support events (docs/events.md §3), which the chat fold reads.</summary>
internal static partial class EventCatalogue
{
    private static void AddChatRules(Dictionary<string, Action<JsonElement, EventErrorCollector>?> rules)
    {
        rules[EventTypes.ChatSessionStarted] = (data, errors) =>
        {
            JsonFields.RequiredIdentifier(data, "sessionId", errors);
            JsonFields.OptionalIdentifier(data, "channel", errors);
        };
        rules[EventTypes.ChatSessionAssigned] = (data, errors) =>
        {
            JsonFields.RequiredIdentifier(data, "sessionId", errors);
            JsonFields.RequiredIdentifier(data, "agentId", errors);
        };
        rules[EventTypes.ChatSessionClosed] = (data, errors) =>
        {
            JsonFields.RequiredIdentifier(data, "sessionId", errors);
            JsonFields.OptionalBoolean(data, "resolved", errors);
        };
        rules[EventTypes.ChatMessage] = (data, errors) =>
        {
            JsonFields.RequiredIdentifier(data, "sessionId", errors);
            JsonFields.RequiredIdentifier(data, "messageId", errors);
            JsonFields.RequiredEnum(data, "kind", EventTypes.MessageKinds, errors);
            JsonFields.RequiredEnum(data, "sender", EventTypes.MessageSenders, errors);
        };
        rules[EventTypes.ChatMessageStatus] = (data, errors) =>
        {
            JsonFields.RequiredIdentifier(data, "messageId", errors);
            JsonFields.RequiredEnum(data, "status", EventTypes.MessageStatuses, errors);
        };
        // A score without anything to attribute it to still counts in the tenant's CSAT (docs/metrics.md §6).
        rules[EventTypes.CsatSubmitted] = (data, errors) =>
        {
            JsonFields.RequiredInteger(data, "score", 1, 5, errors);
            JsonFields.OptionalIdentifier(data, "sessionId", errors);
            JsonFields.OptionalIdentifier(data, "callId", errors);
            JsonFields.OptionalIdentifier(data, "agentId", errors);
        };
    }
}
