using System.Net;
using Orleans.Runtime;

namespace Orleans.Dispatch.Tests.Support;

/// <summary>Silo addresses for code driven outside a cluster, or for dispatches a test pretends to run elsewhere.</summary>
internal static class TestSilos
{
    /// <summary>
    /// A silo in no cluster, whose generation is in the future: membership never classifies it as
    /// dead (Orleans 10 does so with an absent silo of an old generation), so its claims only expire.
    /// </summary>
    public static readonly SiloAddress Elsewhere = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 9), int.MaxValue);
}
