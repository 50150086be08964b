using Dashboard.Auth;

namespace Dashboard.Realtime.WebSockets;

/// <summary>The message handling half of <see cref="WebSocketConnection"/>: handshake, subscriptions, limits.</summary>
internal sealed partial class WebSocketConnection
{
    private DateTimeOffset _rateWindowStart;
    private int _rateWindowCount;
    private int _rateStrikes;

    /// <summary>Handles one inbound text message; false ends the receive loop (a close was requested).</summary>
    private async ValueTask<bool> HandleMessageAsync(ReadOnlyMemory<byte> utf8)
    {
        var now = _time.GetUtcNow();
        if (!WithinRate(now))
        {
            return CloseState().Code == 0;
        }

        var message = ClientMessage.Parse(utf8.Span, out var badField);
        if (message is null)
        {
            RequestClose(CloseCodes.Malformed, "malformed message", drain: false);
            return false;
        }

        TokenPrincipal? principal;
        lock (_state)
        {
            principal = _principal;
        }

        if (principal is null)
        {
            if (message.Type != "auth")
            {
                Enqueue(ServerMessages.Error(message.Id, "unauthenticated", "the first message must be auth", now));
                RequestClose(CloseCodes.Unauthenticated, "not authenticated", drain: true);
                return false;
            }

            return await AuthenticateAsync(message, null);
        }

        if (badField is not null)
        {
            Enqueue(ServerMessages.Error(message.Id, "bad_request", $"'{badField}' has the wrong type", now));
            return true;
        }

        switch (message.Type)
        {
            case "auth":
                return await AuthenticateAsync(message, principal);
            case "ping" or "heartbeat":
                Enqueue(ServerMessages.Pong(message.Id, now));
                return true;
            case "pong":
                lock (_state)
                {
                    _pingSentAt = null;
                }

                return true;
            case "subscribe":
                Subscribe(message, principal, now);
                return true;
            case "unsubscribe":
                Unsubscribe(message, principal, now);
                return true;
            case "refresh":
                Refresh(message, principal, now);
                return true;
            default:
                Enqueue(ServerMessages.Error(message.Id, "unknown_type", $"unknown message type '{Truncate(message.Type)}'", now));
                return true;
        }
    }

    private async ValueTask<bool> AuthenticateAsync(ClientMessage message, TokenPrincipal? current)
    {
        var result = await _tokens.ValidateAsync(message.Token);
        var now = _time.GetUtcNow();
        if (!result.IsValid)
        {
            Enqueue(ServerMessages.Error(message.Id, "invalid_token", result.Reason ?? "invalid token", now));
            RequestClose(CloseCodes.InvalidToken, "invalid token", drain: true);
            return false;
        }

        var principal = result.Principal!;
        if (current is not null && (current.Tenant != principal.Tenant || current.Subject != principal.Subject))
        {
            Enqueue(ServerMessages.Error(message.Id, "invalid_token", "a refreshed token must keep the same tenant and sub", now));
            RequestClose(CloseCodes.InvalidToken, "invalid token", drain: true);
            return false;
        }

        lock (_state)
        {
            _principal = principal;
            _expiryWarned = false;
        }

        Enqueue(ServerMessages.AuthSuccess(Id, principal, _options.HeartbeatSeconds, now));

        // A refreshed token may carry fewer scopes: drop what it may no longer read (e.g. system without admin).
        foreach (var topic in _topics.Where(t => !Topics.CanRead(principal, t)).ToList())
        {
            RemoveTopic(topic);
            _hub.Unsubscribe(principal.Tenant, topic, _queue);
            _metrics.SubscriptionsChanged(Transport, -1);
            Enqueue(ServerMessages.Error(message.Id, "forbidden", $"the refreshed token may not read '{topic}'", now, topic));
        }

        return true;
    }

    private void Subscribe(ClientMessage message, TokenPrincipal principal, DateTimeOffset now)
    {
        if (message.Topics is not { Count: > 0 } topics)
        {
            Enqueue(ServerMessages.Error(message.Id, "bad_request", "'topics' must be a non-empty array of topic names", now));
            return;
        }

        foreach (var topic in topics.Distinct(StringComparer.Ordinal))
        {
            if (!Topics.IsKnown(topic))
            {
                Enqueue(ServerMessages.Error(message.Id, "unknown_topic", $"unknown topic '{Truncate(topic)}'", now, Truncate(topic)));
                continue;
            }

            if (!Topics.CanRead(principal, topic))
            {
                Enqueue(ServerMessages.Error(message.Id, "forbidden", $"the token may not read '{topic}'", now, topic));
                continue;
            }

            if (Array.IndexOf(_topics, topic) < 0 && _topics.Length >= _options.MaxSubscriptions)
            {
                Enqueue(ServerMessages.Error(message.Id, "too_many_subscriptions", $"at most {_options.MaxSubscriptions} subscriptions per connection", now, topic));
                continue;
            }

            if (AddTopic(topic))
            {
                _metrics.SubscriptionsChanged(Transport, +1);
            }

            long? since = message.Since is { } map && map.TryGetValue(topic, out var s) ? s : null;
            // Runs under the stream lock: nothing published later can overtake what is queued here.
            _hub.Subscribe(principal.Tenant, topic, _queue, since, start =>
            {
                Enqueue(ServerMessages.Subscribed(message.Id, topic, start.Seq, now));
                _queue.Begin(start, since, () => ServerMessages.Resync(topic, now));
            });
        }
    }

    private void Unsubscribe(ClientMessage message, TokenPrincipal principal, DateTimeOffset now)
    {
        if (message.Topics is not { Count: > 0 } topics)
        {
            Enqueue(ServerMessages.Error(message.Id, "bad_request", "'topics' must be a non-empty array of topic names", now));
            return;
        }

        foreach (var topic in topics.Distinct(StringComparer.Ordinal))
        {
            if (RemoveTopic(topic))
            {
                _hub.Unsubscribe(principal.Tenant, topic, _queue);
                _metrics.SubscriptionsChanged(Transport, -1);
            }

            Enqueue(ServerMessages.Unsubscribed(message.Id, Truncate(topic), now));
        }
    }

    private void Refresh(ClientMessage message, TokenPrincipal principal, DateTimeOffset now)
    {
        var topic = message.Topic;
        if (topic is null || !Topics.IsKnown(topic))
        {
            Enqueue(ServerMessages.Error(message.Id, "unknown_topic", $"unknown topic '{Truncate(topic ?? "")}'", now, topic is null ? null : Truncate(topic)));
        }
        else if (!Topics.CanRead(principal, topic))
        {
            Enqueue(ServerMessages.Error(message.Id, "forbidden", $"the token may not read '{topic}'", now, topic));
        }
        else
        {
            _hub.Refresh(principal.Tenant, topic, _queue);
        }
    }

    /// <summary>
    /// At most <c>MaxMessagesPerSecond</c> per one-second window; excess messages are dropped with one <c>rate_limited</c>
    /// error per window, and a client that keeps it up for three windows in a row (or doubles the limit) is closed 4008.
    /// </summary>
    private bool WithinRate(DateTimeOffset now)
    {
        if (now - _rateWindowStart >= TimeSpan.FromSeconds(1))
        {
            _rateStrikes = _rateWindowCount > _options.MaxMessagesPerSecond ? _rateStrikes : 0;
            _rateWindowStart = now;
            _rateWindowCount = 0;
        }

        _rateWindowCount++;
        if (_rateWindowCount <= _options.MaxMessagesPerSecond)
        {
            return true;
        }

        if (_rateWindowCount == _options.MaxMessagesPerSecond + 1)
        {
            _rateStrikes++;
            Enqueue(ServerMessages.Error(null, "rate_limited", $"at most {_options.MaxMessagesPerSecond} messages per second", now));
        }

        if (_rateStrikes >= 3 || _rateWindowCount > 2 * _options.MaxMessagesPerSecond)
        {
            RequestClose(CloseCodes.Policy, "rate limit", drain: true);
        }

        return false;
    }

    private bool AddTopic(string topic)
    {
        if (Array.IndexOf(_topics, topic) >= 0)
        {
            return false;
        }

        _topics = [.. _topics, topic];
        return true;
    }

    private bool RemoveTopic(string topic)
    {
        var index = Array.IndexOf(_topics, topic);
        if (index < 0)
        {
            return false;
        }

        _topics = [.. _topics.AsSpan(0, index), .. _topics.AsSpan(index + 1)];
        return true;
    }

    private static string Truncate(string s) => s.Length <= 100 ? s : s[..100];
}
