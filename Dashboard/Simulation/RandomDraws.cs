namespace Dashboard.Simulation;

/// <summary>The random draws of the simulator's models, from one seeded <see cref="Random"/>.</summary>
internal static class RandomDraws
{
    /// <summary>A uniform draw in [<paramref name="min"/>, <paramref name="max"/>).</summary>
    public static double Uniform(this Random random, double min, double max) => min + (random.NextDouble() * (max - min));

    /// <summary>An exponential draw of mean <paramref name="mean"/> (inverse transform; 1 − U is in (0, 1], so the logarithm is finite).</summary>
    public static double Exponential(this Random random, double mean) => -Math.Log(1 - random.NextDouble()) * mean;

    /// <summary>
    /// A geometric draw: failures before the first success with P(success) = 1 / (1 + <paramref name="mean"/>), so the
    /// mean is <paramref name="mean"/>; capped at 100 so a loop driven by it ends.
    /// </summary>
    public static int Geometric(this Random random, double mean)
    {
        var count = 0;
        while (count < 100 && random.NextDouble() >= 1 / (1 + mean))
        {
            count++;
        }

        return count;
    }

    /// <summary>An index into <paramref name="weights"/>, each drawn with probability weight / sum (weights ≥ 0, sum &gt; 0).</summary>
    public static int Pick(this Random random, IReadOnlyList<double> weights)
    {
        var draw = random.NextDouble() * weights.Sum();
        for (var i = 0; i < weights.Count - 1; i++)
        {
            draw -= weights[i];
            if (draw < 0)
            {
                return i;
            }
        }

        return weights.Count - 1;
    }
}
