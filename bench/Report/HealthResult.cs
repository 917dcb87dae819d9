using System.Text.Json.Serialization;

namespace Orleans.Dispatch.Bench.Report;

/// <summary>Consumer health: groups of eight in-process consumers with one or more broken, at 64 in flight (see docs/consumer-health.md).</summary>
internal sealed record HealthResult(
    [property: JsonPropertyName("one_failing_share_after_first_second")] double OneFailingShareAfterFirstSecond,
    [property: JsonPropertyName("one_failing_throughput_per_s")] double OneFailingThroughput,
    [property: JsonPropertyName("without_it_throughput_per_s")] double WithoutItThroughput,
    [property: JsonPropertyName("one_failing_failed")] int OneFailingFailed,
    [property: JsonPropertyName("hanging_run_s")] double HangingRunSeconds,
    [property: JsonPropertyName("hanging_paid_attempt_timeout")] int HangingPaidAttemptTimeout,
    [property: JsonPropertyName("hanging_failed")] int HangingFailed,
    [property: JsonPropertyName("four_failing_wasted_per_consumer")] double FourFailingWastedPerConsumer,
    [property: JsonPropertyName("four_failing_run_s")] double FourFailingRunSeconds,
    [property: JsonPropertyName("four_failing_failed")] int FourFailingFailed,
    [property: JsonPropertyName("all_failing_attempts_per_dispatch_after_first_second")] double AllFailingAttemptsPerDispatch,
    [property: JsonPropertyName("all_failing_untyped")] int AllFailingUntyped,
    [property: JsonPropertyName("flaky_dispatches")] int FlakyDispatches,
    [property: JsonPropertyName("flaky_ejections")] long FlakyEjections,
    [property: JsonPropertyName("repaired_back_to_90pct_share_s")] double RepairedBackTo90PctShareSeconds,
    [property: JsonPropertyName("healthy_with_tracking_per_s")] double HealthyWithTrackingPerSecond,
    [property: JsonPropertyName("healthy_without_tracking_per_s")] double HealthyWithoutTrackingPerSecond,
    [property: JsonPropertyName("stalling_paid_attempt_timeout")] int StallingPaidAttemptTimeout,
    [property: JsonPropertyName("hanging_trial_timeouts")] int HangingTrialTimeouts,
    [property: JsonPropertyName("stalling_trial_timeouts")] int StallingTrialTimeouts);
