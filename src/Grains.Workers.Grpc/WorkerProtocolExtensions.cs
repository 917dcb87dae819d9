using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Dispatch.Workers;
using Orleans.Dispatch.Workers.Grpc;

namespace Orleans.Hosting;

/// <summary>Serves the worker protocol (<c>protos/orleans/dispatch/workers/v1/worker.proto</c>) from a silo that hosts ASP.NET Core.</summary>
public static class WorkerProtocolExtensions
{
    /// <summary>Adds what the worker protocol needs: gRPC, and the service itself. Call it beside <c>UseOrleans</c>.</summary>
    /// <param name="services">The silo host's services.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddDispatchWorkerProtocol(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddGrpc();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<LocalStreamWorkers>();
        return services;
    }

    /// <summary>
    /// Maps the worker protocol's service (<c>orleans.dispatch.workers.v1.WorkerService</c>). It
    /// needs an HTTP/2 endpoint: with TLS, any; without, one whose protocols are HTTP/2 only.
    /// </summary>
    /// <param name="endpoints">The silo host's endpoints.</param>
    /// <returns>The endpoint, to add conventions to (authorization, a host filter).</returns>
    public static GrpcServiceEndpointConventionBuilder MapDispatchWorkerProtocol(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapGrpcService<WorkerStreamService>();
    }
}
