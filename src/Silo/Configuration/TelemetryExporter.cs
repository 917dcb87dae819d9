namespace Orleans.Dispatch.Silo.Configuration;

/// <summary>Where the silo sends the library's metrics and traces (<c>Telemetry:Exporter</c>).</summary>
internal enum TelemetryExporter
{
    /// <summary>Nowhere (the instruments cost nothing while nobody listens).</summary>
    None,

    /// <summary>Metrics and traces to the console, through OpenTelemetry.</summary>
    Console,

    /// <summary>Metrics at <c>/metrics</c> on the HTTP endpoint, in Prometheus' format.</summary>
    Prometheus,
}
