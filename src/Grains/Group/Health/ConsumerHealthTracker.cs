namespace Orleans.Dispatch.Group.Health;

/// <summary>
/// What a group has learned of one consumer: its counted failures (in a row, over a window, and
/// recent ones fading within about a second), its ejections, its trial, its slow start, and when
/// it last answered. Timestamps are <see cref="TimeProvider"/> ticks; <see cref="GroupHealth"/>
/// decides, this only keeps.
/// </summary>
internal sealed class ConsumerHealthTracker
{
    /// <summary>How fast a recent failure fades: its weight falls by e every second.</summary>
    private const double FadeSeconds = 1;

    private double recentFailures;
    private long recentFailuresAt;

    /// <summary>The state kept (<see cref="ConsumerHealth.Suspect"/> is never kept: it is read off the answers).</summary>
    public ConsumerHealth State { get; private set; } = ConsumerHealth.Healthy;

    /// <summary>When the current state ends: the ejection's end, or the slow start's.</summary>
    public long StateEndsAt { get; private set; }

    /// <summary>When the slow start began.</summary>
    public long RampStartedAt { get; private set; }

    /// <summary>Counted failures since the last delivery.</summary>
    public int ConsecutiveFailures { get; private set; }

    /// <summary>How many ejections in a row (decayed when the consumer stays quiet): the next ejection lasts the base times two to this power.</summary>
    public int Ejections { get; set; }

    public long LastFailureAt { get; private set; }

    public long LastDeliveredAt { get; private set; }

    /// <summary>When the latest acknowledged attempt started: a failure of an attempt that started before it is late news, and does not lengthen a run of failures.</summary>
    public long LastDeliveredAttemptAt { get; private set; }

    public string? LastFailure { get; private set; }

    /// <summary>Whether the trial message of a probing consumer is in flight.</summary>
    public bool TrialInFlight { get; set; }

    /// <summary>When the consumer last answered an attempt (acknowledged or crashed), or when it became busy after having nothing in flight and no attempt timed out unanswered.</summary>
    public long AnsweringSince { get; set; }

    /// <summary>
    /// Whether its latest attempt to end timed out and it has answered nothing since: a timeout is
    /// not an answer, so the consumer stays suspect when it is handed a message again.
    /// </summary>
    public bool Silent { get; private set; }

    /// <summary>How many messages it was handed since <see cref="AnsweringSince"/>.</summary>
    public int GrantsSinceAnswer { get; set; }

    /// <summary>How many answers the whole group had had at <see cref="AnsweringSince"/>: the peers' answers since are the count now less this.</summary>
    public long AnswersAtSince { get; set; }

    public FailureWindow Window { get; } = new();

    /// <summary>The recent failures at <paramref name="now"/>, each fading within about a second.</summary>
    public double RecentFailures(long now, long frequency) =>
        recentFailures == 0 ? 0 : recentFailures * Math.Exp(-(now - recentFailuresAt) / (double)frequency / FadeSeconds);

    public void Failed(long now, long frequency, string reason, long attemptStartedAt, bool timedOut)
    {
        recentFailures = RecentFailures(now, frequency) + 1;
        recentFailuresAt = now;
        if (attemptStartedAt >= LastDeliveredAttemptAt)
        {
            ConsecutiveFailures++;
        }

        LastFailureAt = now;
        LastFailure = reason;
        Ended(now, timedOut);
    }

    /// <summary>An attempt ended: answered (acknowledged, crashed, or its call refused), or unanswered (timed out, which is not an answer).</summary>
    public void Ended(long now, bool timedOut)
    {
        if (timedOut)
        {
            Silent = true;
            return;
        }

        AnsweringSince = now;
        GrantsSinceAnswer = 0;
        Silent = false;
    }

    public void Delivered(long now, long attemptStartedAt)
    {
        LastDeliveredAt = now;
        LastDeliveredAttemptAt = Math.Max(LastDeliveredAttemptAt, attemptStartedAt);
        ConsecutiveFailures = 0;
        Ended(now, timedOut: false);
    }

    public void Eject(long until)
    {
        State = ConsumerHealth.Ejected;
        StateEndsAt = until;
        TrialInFlight = false;
        Ejections++;
    }

    public void Ramp(long now, long until)
    {
        State = ConsumerHealth.Ramping;
        RampStartedAt = now;
        StateEndsAt = until;
        TrialInFlight = false;
        ConsecutiveFailures = 0;
        Window.Clear();
    }

    /// <summary>Moves on with time: an ejection that ran out is a probe, a slow start that ran out is healthy.</summary>
    /// <returns>Whether the state changed.</returns>
    public bool Refresh(long now)
    {
        if (State == ConsumerHealth.Ejected && now >= StateEndsAt)
        {
            State = ConsumerHealth.Probing;
            StateEndsAt = 0;
            return true;
        }

        if (State == ConsumerHealth.Ramping && now >= StateEndsAt)
        {
            Heal();
            return true;
        }

        return false;
    }

    public void Degrade() => State = ConsumerHealth.Degraded;

    public void Heal()
    {
        State = ConsumerHealth.Healthy;
        StateEndsAt = 0;
        TrialInFlight = false;
    }

    public void Cordon()
    {
        State = ConsumerHealth.Cordoned;
        StateEndsAt = 0;
        TrialInFlight = false;
    }
}
