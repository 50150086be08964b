namespace Dashboard.Realtime.WebSockets;

/// <summary>
/// The timer half of <see cref="WebSocketConnection"/>, driven once a second by <see cref="HeartbeatSweeper"/>: the auth
/// timeout, pings and the pong timeout, the token expiry warning and the close at expiry (docs/protocol.md §3.2, §3.3, §3.7);
/// and what its send queue reports (<see cref="ISendQueueOwner"/>: drops, resumes, the slow-consumer close).
/// </summary>
internal sealed partial class WebSocketConnection
{
    private DateTimeOffset _nextPingAt;
    private DateTimeOffset? _pingSentAt;
    private bool _expiryWarned;

    /// <inheritdoc />
    public void Sweep(DateTimeOffset now)
    {
        int closeCode = 0;
        string reason = "";
        bool ping = false, warn = false;
        DateTimeOffset expiresAt = default;
        lock (_state)
        {
            if (_closeCode != 0)
            {
                return;
            }

            if (_principal is null)
            {
                if (now - _connectedAt >= TimeSpan.FromSeconds(_options.AuthTimeoutSeconds))
                {
                    (closeCode, reason) = (CloseCodes.Unauthenticated, "auth timeout");
                }
            }
            else if (now >= _principal.ExpiresAt)
            {
                (closeCode, reason) = (CloseCodes.TokenExpired, "token expired");
            }
            else
            {
                if (_pingSentAt is { } sent)
                {
                    if (now - sent >= TimeSpan.FromSeconds(_options.PongTimeoutSeconds))
                    {
                        (closeCode, reason) = (CloseCodes.HeartbeatTimeout, "heartbeat timeout");
                    }
                }
                else if (now >= _nextPingAt)
                {
                    ping = true;
                    _pingSentAt = now;
                    _nextPingAt = now + TimeSpan.FromSeconds(_options.HeartbeatSeconds);
                }

                expiresAt = _principal.ExpiresAt;
                if (!_expiryWarned && now >= expiresAt - TimeSpan.FromSeconds(_options.TokenExpiryWarningSeconds))
                {
                    warn = _expiryWarned = true;
                }
            }
        }

        if (ping)
        {
            Enqueue(ServerMessages.Ping(now));
        }
        else
        {
            // Between pings an idle connection's queue is empty: it gives its list back (SendQueue.TrimIfIdle).
            _queue.TrimIfIdle();
        }

        if (warn)
        {
            Enqueue(ServerMessages.TokenExpiring(expiresAt, now));
        }

        if (closeCode == CloseCodes.TokenExpired)
        {
            Enqueue(ServerMessages.Error(null, "token_expired", "the token expired; reconnect with a new one", now));
        }

        if (closeCode != 0)
        {
            RequestClose(closeCode, reason, drain: true);
        }
    }

    void ISendQueueOwner.Coalesced(string topic) => _metrics.MessageDropped(Transport, "coalesced");

    void ISendQueueOwner.Resumed(bool replayed) => _metrics.Resumed(Transport, replayed);

    void ISendQueueOwner.Overflowed()
    {
        _metrics.MessageDropped(Transport, "slow_consumer");
        _metrics.SlowConsumerClosed(Transport);
        RequestClose(CloseCodes.Policy, "slow consumer", drain: false);
    }

    byte[] ISendQueueOwner.ResyncFrame(string topic) => ServerMessages.Resync(topic, _time.GetUtcNow());
}
