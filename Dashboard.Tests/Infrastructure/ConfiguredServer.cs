namespace Dashboard.Tests.Infrastructure;

/// <summary>
/// A <see cref="DashboardServer"/> with some configuration keys set over its defaults, for fixtures that differ from the
/// plain server only in configuration: <c>public sealed class FastServer() : ConfiguredServer(new() { ["Realtime:HeartbeatSeconds"] = "1" });</c>.
/// </summary>
/// <param name="overrides">Configuration keys and their values, applied after the defaults of <see cref="DashboardServer"/>.</param>
public abstract class ConfiguredServer(Dictionary<string, string> overrides) : DashboardServer
{
    /// <inheritdoc />
    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        return settings;
    }
}
