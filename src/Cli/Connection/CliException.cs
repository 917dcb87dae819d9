namespace Orleans.Dispatch.Cli.Connection;

/// <summary>A problem to report to the operator in one line, without a stack trace (exit code 2).</summary>
internal sealed class CliException(string message) : Exception(message);
