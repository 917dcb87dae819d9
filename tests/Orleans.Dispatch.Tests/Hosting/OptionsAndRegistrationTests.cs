using Microsoft.Extensions.DependencyInjection;
using Orleans.Dispatch.Hosting;
using Orleans.Dispatch.Routing;
using Orleans.Dispatch.Routing.BuiltIn;
using Orleans.Dispatch.Tests.Support.Functions;
using Orleans.Hosting;

namespace Orleans.Dispatch.Tests.Hosting;

/// <summary>Options validation and routing-function registration, without a silo.</summary>
[Trait("Category", "Unit")]
public sealed class OptionsAndRegistrationTests
{
    private static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(30);

    private static RoutingFunctionRegistry Registry() => new(BuiltInRoutingFunctions.All, new ServiceCollection().BuildServiceProvider());

    [Fact]
    public void The_defaults_are_valid_inside_the_default_response_timeout()
    {
        Assert.Empty(DispatchOptionsValidator.Validate(new DispatchOptions(), ResponseTimeout, Registry()));
    }

    [Theory]
    [InlineData(nameof(DispatchOptions.AttemptTimeout))]
    [InlineData(nameof(DispatchOptions.RoutingTimeout))]
    [InlineData(nameof(DispatchOptions.DispatchTimeout))]
    [InlineData(nameof(DispatchOptions.InFlightLeaseGrace))]
    [InlineData(nameof(DispatchOptions.MaxAttempts))]
    [InlineData(nameof(DispatchOptions.DefaultRoutingFunction))]
    public void Each_invalid_option_is_named(string option)
    {
        var options = new DispatchOptions();
        switch (option)
        {
            case nameof(DispatchOptions.AttemptTimeout): options.AttemptTimeout = TimeSpan.Zero; break;
            case nameof(DispatchOptions.RoutingTimeout): options.RoutingTimeout = TimeSpan.FromSeconds(-1); break;
            case nameof(DispatchOptions.DispatchTimeout): options.DispatchTimeout = TimeSpan.FromSeconds(29.5); break;
            case nameof(DispatchOptions.InFlightLeaseGrace): options.InFlightLeaseGrace = TimeSpan.Zero; break;
            case nameof(DispatchOptions.MaxAttempts): options.MaxAttempts = 0; break;
            default: options.DefaultRoutingFunction = "nope"; break;
        }

        var problem = Assert.Single(DispatchOptionsValidator.Validate(options, ResponseTimeout, Registry()));
        Assert.StartsWith(option, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_attempt_timeout_longer_than_the_dispatch_timeout_is_rejected()
    {
        var options = new DispatchOptions { AttemptTimeout = TimeSpan.FromSeconds(26), DispatchTimeout = TimeSpan.FromSeconds(25) };
        Assert.Contains(DispatchOptionsValidator.Validate(options, ResponseTimeout, Registry()), p => p.StartsWith("AttemptTimeout", StringComparison.Ordinal));
    }

    [Fact]
    public void Routing_function_names_must_be_valid_unique_and_colon_free()
    {
        var services = new ServiceCollection().AddDispatch();
        services.AddRoutingFunction<PickLastRoutingFunction>("mine");

        Assert.Contains("already registered", Assert.Throws<ArgumentException>(() => services.AddRoutingFunction<PickLastRoutingFunction>("mine")).Message, StringComparison.Ordinal);
        Assert.Contains("already registered", Assert.Throws<ArgumentException>(() => services.AddRoutingFunction<PickLastRoutingFunction>("round-robin")).Message, StringComparison.Ordinal);
        Assert.Contains("':'", Assert.Throws<ArgumentException>(() => services.AddRoutingFunction<PickLastRoutingFunction>("a:b")).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => services.AddRoutingFunction<PickLastRoutingFunction>(" "));
        Assert.Throws<ArgumentNullException>(() => services.AddRoutingFunction<PickLastRoutingFunction>(null!));

        var registry = services.BuildServiceProvider().GetRequiredService<RoutingFunctionRegistry>();
        Assert.IsType<PickLastRoutingFunction>(registry.TryCreate("mine", out _));
        Assert.Equal(
            ["affinity:<field>", "by-field:<field>", "consistent-hash:<field>", "first-available", "least-loaded", "mine", "round-robin"],
            registry.DisplayNames);
    }

    [Fact]
    public void Each_call_to_create_a_function_builds_a_fresh_instance()
    {
        var registry = Registry();
        Assert.NotSame(registry.TryCreate("round-robin", out _), registry.TryCreate("round-robin", out _));
        Assert.Null(registry.TryCreate("by-field:", out var problem));
        Assert.Contains("needs a field name", problem, StringComparison.Ordinal);
    }
}
