namespace Orleans.Dispatch.Internal;

/// <summary>
/// Exponential backoff with jitter: each wait is the current delay times a random factor from
/// 0.5 to 1, and the delay doubles up to a ceiling after every wait.
/// </summary>
/// <param name="first">The first delay.</param>
/// <param name="longest">The ceiling of the delay.</param>
/// <param name="random">The random factor's source, from 0 to 1 (<see cref="Random.Shared"/> by default); tests pass their own.</param>
internal struct Backoff(TimeSpan first, TimeSpan longest, Func<double>? random = null)
{
    private TimeSpan delay = first;

    /// <summary>The next wait; the one after it is up to twice as long.</summary>
    public TimeSpan Next()
    {
        var wait = delay * (0.5 + ((random ?? Random.Shared.NextDouble)() / 2));
        delay = delay * 2 < longest ? delay * 2 : longest;
        return wait;
    }
}
