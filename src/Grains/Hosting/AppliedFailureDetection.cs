namespace Orleans.Dispatch.Hosting;

/// <summary>The settings <c>UseDispatchFailureDetection</c> applied, for the start-up report.</summary>
internal sealed record AppliedFailureDetection(DispatchFailureDetectionOptions Settings);
