namespace Dashboard.Benchmarks.Scrape;

/// <summary>Settings of the scrape benchmark.</summary>
/// <param name="Servers">Builds to measure, by name (e.g. <c>before</c>, <c>after</c>), each a <c>Dashboard.dll</c>.</param>
/// <param name="Tenants">Tenants seeded.</param>
/// <param name="Queues">Queues per tenant (each with a waiting caller and three agents listing it).</param>
/// <param name="Campaigns">Campaigns per tenant (each with an active call).</param>
/// <param name="Clients">WebSocket clients subscribed to <c>calls</c> and <c>queue</c> while scraping.</param>
/// <param name="EventsPerSecond">Call events posted per second while scraping.</param>
/// <param name="Scrapes">Scrapes per format and mode (sequential, concurrent).</param>
/// <param name="Concurrency">Scrapers running at once in the concurrent mode.</param>
/// <param name="Rounds">How many times each server is started and measured, alternating between servers.</param>
internal sealed record ScrapeOptions(
    IReadOnlyList<(string Name, string Dll)> Servers,
    int Tenants = 40,
    int Queues = 10,
    int Campaigns = 15,
    int Clients = 20,
    int EventsPerSecond = 50,
    int Scrapes = 100,
    int Concurrency = 4,
    int Rounds = 2);
