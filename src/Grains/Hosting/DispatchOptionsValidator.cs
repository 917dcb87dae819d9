using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Dispatch.Routing;
using Orleans.Runtime;

namespace Orleans.Dispatch.Hosting;

/// <summary>Fails silo start when <see cref="DispatchOptions"/> are inconsistent, naming the option.</summary>
internal sealed class DispatchOptionsValidator(
    IOptions<DispatchOptions> options,
    IOptions<SiloMessagingOptions> messaging,
    RoutingFunctionRegistry registry) : IConfigurationValidator
{
    public void ValidateConfiguration()
    {
        var problems = Validate(options.Value, messaging.Value.ResponseTimeout, registry);
        if (problems.Count > 0)
        {
            throw new OrleansConfigurationException($"Invalid {nameof(DispatchOptions)}: {string.Join(" ", problems)}");
        }
    }

    internal static List<string> Validate(DispatchOptions o, TimeSpan responseTimeout, RoutingFunctionRegistry registry)
    {
        var problems = new List<string>();
        RequirePositive(problems, nameof(o.AttemptTimeout), o.AttemptTimeout);
        RequirePositive(problems, nameof(o.RoutingTimeout), o.RoutingTimeout);
        RequirePositive(problems, nameof(o.DispatchTimeout), o.DispatchTimeout);
        RequirePositive(problems, nameof(o.InFlightLeaseGrace), o.InFlightLeaseGrace);
        RequirePositive(problems, nameof(o.GroupCallTimeout), o.GroupCallTimeout);
        RequirePositive(problems, nameof(o.QuarantineWindow), o.QuarantineWindow);
        RequirePositive(problems, nameof(o.QuarantineDuration), o.QuarantineDuration);
        if (o.ConsumerHealth is null)
        {
            problems.Add($"{nameof(o.ConsumerHealth)} must be set (ConsumerHealthPolicy.Off turns it off).");
        }
        else if (o.ConsumerHealth.FindDefect() is { } defect)
        {
            problems.Add($"{nameof(o.ConsumerHealth)}: {defect}.");
        }

        if (o.MessageLimits is null)
        {
            problems.Add($"{nameof(o.MessageLimits)} must be set.");
        }
        else
        {
            try
            {
                o.MessageLimits.Validate();
            }
            catch (ArgumentOutOfRangeException exception)
            {
                problems.Add($"{nameof(o.MessageLimits)}: {exception.Message}");
            }
        }

        if (o.DeadLetterCapacity < 0 || o.DeadLetterCapacity > DispatchDefaults.DeadLetterCapacityLimit)
        {
            problems.Add($"{nameof(o.DeadLetterCapacity)} ({o.DeadLetterCapacity}) must be from 0 to {DispatchDefaults.DeadLetterCapacityLimit}.");
        }

        if (o.DeadLetterMaxBytes <= 0)
        {
            problems.Add($"{nameof(o.DeadLetterMaxBytes)} ({o.DeadLetterMaxBytes}) must be positive.");
        }

        if (o.QuarantineAfterOverruns < 0 || o.QuarantineAfterOverruns > DispatchDefaults.QuarantineAfterOverrunsLimit)
        {
            problems.Add($"{nameof(o.QuarantineAfterOverruns)} ({o.QuarantineAfterOverruns}) must be from 0 to {DispatchDefaults.QuarantineAfterOverrunsLimit}.");
        }

        if (o.GroupCallTimeout <= o.RoutingTimeout || o.GroupCallTimeout > o.DispatchTimeout)
        {
            problems.Add($"{nameof(o.GroupCallTimeout)} ({o.GroupCallTimeout}) must be longer than {nameof(o.RoutingTimeout)} ({o.RoutingTimeout}) and not exceed {nameof(o.DispatchTimeout)} ({o.DispatchTimeout}).");
        }

        if (o.IdempotencyWindow < TimeSpan.Zero)
        {
            problems.Add($"{nameof(o.IdempotencyWindow)} ({o.IdempotencyWindow}) must not be negative.");
        }

        if (o.MaxWaitingPerGroup < 0 || o.MaxWaitingPerGroup > DispatchDefaults.MaxWaitingPerGroupLimit)
        {
            problems.Add($"{nameof(o.MaxWaitingPerGroup)} ({o.MaxWaitingPerGroup}) must be from 0 to {DispatchDefaults.MaxWaitingPerGroupLimit}.");
        }

        if (o.IdempotencyMemoryLimit < 0 || o.IdempotencyMemoryLimit > DispatchDefaults.IdempotencyMemoryLimitMax)
        {
            problems.Add($"{nameof(o.IdempotencyMemoryLimit)} ({o.IdempotencyMemoryLimit}) must be from 0 to {DispatchDefaults.IdempotencyMemoryLimitMax} bytes (8 GiB).");
        }

        if (o.AttemptTimeout > o.DispatchTimeout)
        {
            problems.Add($"{nameof(o.AttemptTimeout)} ({o.AttemptTimeout}) must not exceed {nameof(o.DispatchTimeout)} ({o.DispatchTimeout}).");
        }

        if (o.RoutingTimeout > o.DispatchTimeout)
        {
            problems.Add($"{nameof(o.RoutingTimeout)} ({o.RoutingTimeout}) must not exceed {nameof(o.DispatchTimeout)} ({o.DispatchTimeout}).");
        }

        if (o.DispatchTimeout + DispatchDefaults.ResponseTimeoutMargin > responseTimeout)
        {
            problems.Add(
                $"{nameof(o.DispatchTimeout)} ({o.DispatchTimeout}) must be at least {DispatchDefaults.ResponseTimeoutMargin} shorter than " +
                $"{nameof(SiloMessagingOptions)}.{nameof(SiloMessagingOptions.ResponseTimeout)} ({responseTimeout}), or calls to a dispatch that runs out of time would time out first.");
        }

        if (o.MaxAttempts < 1 || o.MaxAttempts > DispatchDefaults.MaxAttemptsLimit)
        {
            problems.Add($"{nameof(o.MaxAttempts)} ({o.MaxAttempts}) must be from 1 to {DispatchDefaults.MaxAttemptsLimit}.");
        }

        if (registry.Check(o.DefaultRoutingFunction) is { } functionProblem)
        {
            problems.Add($"{nameof(o.DefaultRoutingFunction)}: {functionProblem}");
        }

        return problems;
    }

    private static void RequirePositive(List<string> problems, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            problems.Add($"{name} ({value}) must be positive.");
        }
    }
}
