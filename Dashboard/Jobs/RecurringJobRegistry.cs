namespace Dashboard.Jobs;

/// <summary>
/// The recurring jobs the features declared, in declaration order, while the application is being composed; read once by
/// <see cref="JobsExtensions.AddJobs"/>, which registers them with Quartz.
/// </summary>
internal sealed class RecurringJobRegistry
{
    private readonly List<(RecurringJob Job, Type JobType)> _jobs = [];
    private bool _closed;

    /// <summary>The declared jobs and their Quartz job types.</summary>
    public IReadOnlyList<(RecurringJob Job, Type JobType)> Jobs => _jobs;

    /// <summary>Adds a job.</summary>
    /// <exception cref="InvalidOperationException">
    /// <see cref="JobsExtensions.AddJobs"/> has already run (it would never schedule this job), or a job of that name is
    /// already declared.
    /// </exception>
    public void Add(RecurringJob job, Type jobType)
    {
        if (_closed)
        {
            throw new InvalidOperationException($"Recurring job '{job.Name}' is added after AddJobs, which schedules only the jobs added before it.");
        }

        if (_jobs.Any(j => j.Job.Name == job.Name))
        {
            throw new InvalidOperationException($"Recurring job '{job.Name}' is added twice.");
        }

        _jobs.Add((job, jobType));
    }

    /// <summary>Returns the jobs and refuses any later <see cref="Add"/>.</summary>
    public IReadOnlyList<(RecurringJob Job, Type JobType)> Close()
    {
        _closed = true;
        return _jobs;
    }

    /// <summary>The registry of <paramref name="services"/>, added on first use.</summary>
    public static RecurringJobRegistry Of(IServiceCollection services)
    {
        if (services.FirstOrDefault(d => d.ServiceType == typeof(RecurringJobRegistry))?.ImplementationInstance is RecurringJobRegistry registry)
        {
            return registry;
        }

        registry = new RecurringJobRegistry();
        services.AddSingleton(registry);
        return registry;
    }
}
