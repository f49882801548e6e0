using Microsoft.Extensions.Caching.Memory;
using Workshop.Grains.Workshops;

namespace Workshop.Web.Workshops;

/// <summary>
/// Which workshop a join code names, remembered by this web node for a few seconds: when a plenary scans the QR code
/// at once, one call to the code's grain serves them all. Unknown codes are not remembered (a new workshop is joinable
/// at once), and a workshop that ended meanwhile refuses the join itself (workshopEnded).
/// </summary>
public sealed class JoinCodeLookup(IGrainFactory grains, IMemoryCache cache)
{
    private static readonly TimeSpan Remember = TimeSpan.FromSeconds(10);

    public async Task<Guid?> Resolve(string code)
    {
        var key = (nameof(JoinCodeLookup), code);
        if (cache.TryGetValue(key, out Guid known)) return known;
        var workshopId = await grains.GetGrain<IJoinCodeGrain>(code).Resolve();
        if (workshopId is { } found) cache.Set(key, found, Remember);
        return workshopId;
    }
}
