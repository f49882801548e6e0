using System.Net;
using System.Threading.RateLimiting;
using Workshop.Grains.Workshops;

namespace Workshop.Web.Workshops;

/// <summary>
/// Limits join attempts (and code look-ups) per network address, so codes cannot be guessed one by one.
/// The default suits focus groups behind one venue NAT; a large plenary raises <see cref="Setting"/>.
/// </summary>
public sealed class JoinAttempts(int perMinute) : IDisposable
{
    public const int DefaultPerMinute = 120;
    public const string Setting = "Workshop:JoinAttemptsPerMinute";

    private readonly PartitionedRateLimiter<IPAddress> limiter = PartitionedRateLimiter.Create<IPAddress, IPAddress>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = perMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    /// <summary>Counts an attempt; throws when the address has used up its attempts for this minute.</summary>
    public void Check(IPAddress? address)
    {
        using var lease = limiter.AttemptAcquire(address ?? IPAddress.None);
        if (!lease.IsAcquired)
            throw new WorkshopRuleException(WorkshopError.TooManyAttempts, "Too many attempts to join from this network; wait a minute and try again.");
    }

    public void Dispose() => limiter.Dispose();
}
