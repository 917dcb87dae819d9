using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Orleans.Dispatch.Silo.Configuration;
using Orleans.Dispatch.Silo.Hosting;
using Orleans.Dispatch.Silo.View;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;

// With no configuration at all: one silo, localhost clustering, in-memory storage, the dashboard
// and /health on http://127.0.0.1:8080. See the README for the Redis cluster settings.
var builder = WebApplication.CreateBuilder(args);
QuietLogging.Apply(builder.Configuration);
SiloSettings settings;
try
{
    settings = SiloSettingsReader.Read(builder.Configuration);
}
catch (SiloConfigurationException exception)
{
    await Console.Error.WriteLineAsync(exception.Message);
    return 2;
}

SiloEndpoints.Listen(builder, settings);
builder.UseOrleans(silo => SiloSetup.Configure(silo, settings, builder.Configuration));
if (settings.WorkersUrl is not null)
{
    builder.Services.AddDispatchWorkerProtocol();
}

TelemetrySetup.Configure(builder.Services, settings);
if (settings.GroupViewEnabled)
{
    builder.Services.AddSingleton<GroupViewReader>();
}

var app = builder.Build();
SiloEndpoints.Map(app, settings);
TelemetrySetup.Map(app, settings);
try
{
    await app.RunAsync();
}
catch (Orleans.Runtime.OrleansConfigurationException exception)
{
    // Orleans' own start-up validation, DispatchOptions included: the message names the option.
    await Console.Error.WriteLineAsync(exception.Message);
    return 2;
}
catch (IOException exception)
{
    // A port already taken, most often: say which, without a stack trace.
    await Console.Error.WriteLineAsync($"The silo could not start: {exception.Message}");
    return 1;
}

return 0;
