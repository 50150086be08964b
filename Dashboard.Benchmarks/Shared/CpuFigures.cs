using System.Globalization;

namespace Dashboard.Benchmarks.Shared;

/// <summary>CPU used during a measured window, in cores (1.0 = one core busy the whole window).</summary>
/// <param name="Server">The server process.</param>
/// <param name="Database">The PostgreSQL cluster (postmaster and backends); 0 when not measured.</param>
/// <param name="Clients">This process (load clients and producers).</param>
/// <param name="Machine">Every process on the machine (/proc/stat): the above and anything else running.</param>
internal sealed record CpuFigures(double Server, double Database, double Clients, double Machine)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"CPU cores: server {Server:F2}, PostgreSQL {Database:F2}, clients {Clients:F2}, machine {Machine:F2} of {Environment.ProcessorCount}");
}
