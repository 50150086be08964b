using Dashboard.Simulation;
using Dashboard.Tests.Infrastructure;
using System.Text.Json;

namespace Dashboard.Tests.Simulation;

/// <summary>A traffic model's events over an hour of a manual clock, as text: what the determinism tests compare.</summary>
internal static class ModelTrace
{
    /// <summary>
    /// Advances the model that <paramref name="create"/> makes (given the clock's start) in steps of
    /// <paramref name="step"/> for one hour; every event's id, type, subject, time and data, one per line.
    /// </summary>
    public static string Of(DateTimeOffset start, TimeSpan step, Func<DateTimeOffset, ITrafficModel> create)
    {
        var clock = new ManualTimeProvider(start);
        var model = create(clock.GetUtcNow());
        var events = new List<SimulatedEvent>();
        while (clock.GetUtcNow() < start.AddHours(1))
        {
            events.AddRange(model.Advance(clock.GetUtcNow()));
            clock.Advance(step);
        }

        events.AddRange(model.Advance(clock.GetUtcNow()));
        return string.Join('\n', events.Select(e => $"{e.Id} {e.Type} {e.Subject} {e.Time:O} {JsonSerializer.Serialize(e.Data, e.Data.GetType())}"));
    }
}
