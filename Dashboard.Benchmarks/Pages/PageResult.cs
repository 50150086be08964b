namespace Dashboard.Benchmarks.Pages;

/// <summary>One page's main-thread cost while it received live updates.</summary>
/// <param name="Route">The page.</param>
/// <param name="Seconds">Wall time measured.</param>
/// <param name="Updates">Messages the page's RealtimeClient delivered to it in that time.</param>
/// <param name="Busy">Main-thread task time ÷ wall time (CDP <c>TaskDuration</c>).</param>
/// <param name="Script">Script time ÷ wall time (<c>ScriptDuration</c>).</param>
/// <param name="Layout">Layout and style time ÷ wall time (<c>LayoutDuration</c> + <c>RecalcStyleDuration</c>).</param>
/// <param name="LongTasks">Tasks over 50 ms (PerformanceObserver <c>longtask</c>).</param>
/// <param name="LongestTaskMs">The longest of them, or 0.</param>
internal sealed record PageResult(string Route, double Seconds, long Updates, double Busy, double Script, double Layout, int LongTasks, double LongestTaskMs);
