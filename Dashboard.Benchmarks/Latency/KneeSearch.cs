using System.Globalization;

namespace Dashboard.Benchmarks.Latency;

/// <summary>
/// The knee of one build: the highest rate (events/s) at which p99 POST → client stays within the target. Doubling from
/// <c>start</c> while the target holds, then bisecting between the last rate that held and the first that did not,
/// until they are within 10 % of each other or <c>maxSteps</c> points have been measured; never above <c>max</c>.
/// A point counts as held only when the load was really offered (<see cref="LatencyCurve.Offered"/>).
/// </summary>
/// <param name="build">The build's name (report).</param>
/// <param name="targetMs">The p99 bound, in milliseconds.</param>
/// <param name="start">The first rate tried.</param>
/// <param name="max">The highest rate tried.</param>
/// <param name="maxSteps">Most points measured.</param>
internal sealed class KneeSearch(string build, double targetMs, int start, int max, int maxSteps)
{
    private readonly List<(int Rate, double P99, bool Held)> _steps = [];
    private int _held;
    private int? _failed;

    public string Build => build;

    public double TargetMs => targetMs;

    /// <summary>Every point measured, in order: rate, p99 and whether the target held.</summary>
    public IReadOnlyList<(int Rate, double P99, bool Held)> Steps => _steps;

    /// <summary>The highest rate that held so far (0: none did).</summary>
    public int Knee => _held;

    /// <summary>True when even <c>max</c> held: the knee is at least that, not found.</summary>
    public bool AboveMax => _failed is null && _held >= max;

    /// <summary>The rate of the first point that did not hold (null: none failed).</summary>
    public int? FirstFailed => _failed;

    public bool Done =>
        _steps.Count >= maxSteps
        || (_failed is null && _held >= max)
        || (_failed is { } bad && bad - _held <= Math.Max(10, _held / 10));

    /// <summary>The next rate to measure.</summary>
    public int Next => _failed is { } bad
        ? Round((_held + bad) / 2)
        : _steps.Count == 0 ? Math.Min(start, max) : Math.Min(_held * 2, max);

    public void Record(int rate, double p99, bool offered)
    {
        var held = offered && p99 <= targetMs;
        _steps.Add((rate, p99, held));
        if (held)
        {
            _held = Math.Max(_held, rate);
        }
        else
        {
            _failed = _failed is { } bad ? Math.Min(bad, rate) : rate;
        }
    }

    public override string ToString() => string.Join(" → ", _steps.Select(s =>
        string.Create(CultureInfo.InvariantCulture, $"{s.Rate:N0}/s {s.P99:F1} ms {(s.Held ? "✓" : "✗")}")));

    // Bisection points on a round grid (of 10 events/s), so the table reads as chosen rates.
    private static int Round(int rate) => Math.Max(10, rate / 10 * 10);
}
