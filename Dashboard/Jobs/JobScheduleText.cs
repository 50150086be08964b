using System.Globalization;
using Quartz;

namespace Dashboard.Jobs;

/// <summary>A trigger's schedule as data and in words ("every 5 s", "every 5 min", "cron 0 0 * * * ?").</summary>
internal static class JobScheduleText
{
    public static JobSchedule Of(ITrigger trigger) => trigger switch
    {
        ICronTrigger cron => new JobSchedule("cron", null, cron.CronExpressionString, $"cron {cron.CronExpressionString} ({cron.TimeZone.Id})"),
        ISimpleTrigger simple => Interval(simple.RepeatInterval),
        ICalendarIntervalTrigger calendar => new JobSchedule("interval", null, null, $"every {calendar.RepeatInterval} {calendar.RepeatIntervalUnit.ToString().ToLowerInvariant()}(s)"),
        _ => new JobSchedule("other", null, null, trigger.GetType().Name),
    };

    /// <summary>"every 1 s", "every 90 s", "every 5 min", "every 2 h", "every 1 d": whole units only, so nothing is rounded away.</summary>
    public static JobSchedule Interval(TimeSpan interval)
    {
        var seconds = interval.TotalSeconds;
        var text = seconds switch
        {
            >= 86400 when seconds % 86400 == 0 => $"every {Whole(seconds / 86400)} d",
            >= 3600 when seconds % 3600 == 0 => $"every {Whole(seconds / 3600)} h",
            >= 60 when seconds % 60 == 0 => $"every {Whole(seconds / 60)} min",
            _ => $"every {seconds.ToString("0.###", CultureInfo.InvariantCulture)} s",
        };
        return new JobSchedule("interval", seconds, null, text);
    }

    private static string Whole(double value) => ((long)value).ToString(CultureInfo.InvariantCulture);
}
