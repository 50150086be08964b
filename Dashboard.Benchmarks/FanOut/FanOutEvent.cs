namespace Dashboard.Benchmarks.FanOut;

/// <summary>The benchmark message's data: padding to make the whole frame about <see cref="FanOutTrigger.MessageBytes"/>.</summary>
internal sealed record FanOutEvent(string Text);
