using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace Workshop.Silo.Storage;

/// <summary>
/// Orleans grain storage over EF Core: one table (grain type, key, state name, ETag, payload) in SQLite
/// or PostgreSQL. Every write names the ETag it read; a stale one is refused with
/// <see cref="InconsistentStateException"/>, as Orleans expects of a storage provider.
/// </summary>
public sealed class EfGrainStorage(
    string name,
    IDbContextFactory<GrainStateDbContext> contexts,
    IGrainStorageSerializer serializer,
    TimeProvider clock,
    ILogger<EfGrainStorage> logger) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe($"{nameof(EfGrainStorage)}-{name}", ServiceLifecycleStage.RuntimeInitialize, EnsureSchema);

    public async Task EnsureSchema(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await DatabaseSchema.EnsureCreatedAsync(db, GrainStateDbContext.TableName, cancellationToken);
        logger.LogInformation("Grain storage {Name} ready on {Provider}", name, db.Database.ProviderName);
    }

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var (type, key) = Key(grainId);
        var row = await db.GrainStates.AsNoTracking()
            .SingleOrDefaultAsync(r => r.GrainType == type && r.GrainKey == key && r.StateName == stateName);
        if (row is null)
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }
        grainState.State = serializer.Deserialize<T>(new BinaryData(row.Payload));
        grainState.ETag = row.ETag;
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var (type, key) = Key(grainId);
        var payload = serializer.Serialize(grainState.State).ToArray();
        var newETag = Guid.NewGuid().ToString("N");
        var now = clock.GetUtcNow();
        if (grainState.ETag is null)
        {
            db.GrainStates.Add(new GrainStateRow { GrainType = type, GrainKey = key, StateName = stateName, ETag = newETag, Payload = payload, UpdatedAt = now });
            try { await db.SaveChangesAsync(); }
            catch (DbUpdateException e) { throw Stale(stateName, grainId, grainState.ETag, e); }
        }
        else
        {
            var updated = await db.GrainStates
                .Where(r => r.GrainType == type && r.GrainKey == key && r.StateName == stateName && r.ETag == grainState.ETag)
                .ExecuteUpdateAsync(set => set.SetProperty(r => r.ETag, newETag).SetProperty(r => r.Payload, payload).SetProperty(r => r.UpdatedAt, now));
            if (updated == 0) throw Stale(stateName, grainId, grainState.ETag, inner: null);
        }
        grainState.ETag = newETag;
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var (type, key) = Key(grainId);
        var deleted = await db.GrainStates
            .Where(r => r.GrainType == type && r.GrainKey == key && r.StateName == stateName && r.ETag == grainState.ETag)
            .ExecuteDeleteAsync();
        // Nothing deleted: refused when the caller expected a record (an ETag) or did not know of one that exists.
        if (deleted == 0 && (grainState.ETag is not null
                || await db.GrainStates.AnyAsync(r => r.GrainType == type && r.GrainKey == key && r.StateName == stateName)))
            throw Stale(stateName, grainId, grainState.ETag, inner: null);
        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private static (string Type, string Key) Key(GrainId grainId) => (grainId.Type.ToString()!, grainId.Key.ToString()!);

    private static InconsistentStateException Stale(string stateName, GrainId grainId, string? etag, Exception? inner) =>
        new($"The stored state '{stateName}' of {grainId} has changed since it was read (ETag {etag ?? "none"}); the write was refused.",
            storedEtag: "unknown", currentEtag: etag ?? "none", inner!);
}
