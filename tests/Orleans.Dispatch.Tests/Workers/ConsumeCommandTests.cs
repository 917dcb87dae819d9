using Orleans.Dispatch.Tests.Support.Processes;

namespace Orleans.Dispatch.Tests.Workers;

/// <summary>The CLI's <c>consume</c> refuses a bad value before it connects to anything, naming the option.</summary>
[Trait("Category", "Process")]
public sealed class ConsumeCommandTests
{
    [Theory]
    [InlineData("--drain-timeout-seconds", "0", "--drain-timeout-seconds: 0 is not a positive number of seconds.")]
    [InlineData("--drain-timeout-seconds", "-5", "--drain-timeout-seconds: -5 is not a positive number of seconds.")]
    [InlineData("--fail-rate", "1.5", "--fail-rate: 1.5 is not from 0 to 1.")]
    public void A_bad_value_is_refused_at_once_with_the_option_named(string option, string value, string error)
    {
        // An unknown --cluster fails the connection the moment one is opened: a value checked only
        // after that would be reported as the cluster's problem instead.
        var (exit, output, errors) = Command.TryRun("dotnet", RepoPaths.CliDll, "consume", "jobs", "--id", "w1", option, value, "--cluster", "nowhere");

        Assert.NotEqual(0, exit);
        Assert.Contains(error, errors, StringComparison.Ordinal);
        Assert.DoesNotContain("nowhere", output + errors, StringComparison.Ordinal);
    }
}
