using Microsoft.EntityFrameworkCore;
using Orleans.Serialization;
using Orleans.Storage;

namespace Workshop.Silo.Storage;

/// <summary>
/// Orleans grain storage over EF Core: one table (grain type, key, state name, ETag, payload) in SQLite
/// or PostgreSQL. Every write names the ETag it read; a stale one is refused with
/// <see cref="InconsistentStateException"/>, as Orleans expects of a storage provider. Writes are committed in groups
/// by <see cref="GrainStateWriter"/>. Payloads are Orleans' own serialization (as Orleans' <c>OrleansGrainStorageSerializer</c>
/// writes them), written straight into one array of the right size: a plenary writes a participant's state per answer.
/// Its awaits do not return to the grain's scheduler (<c>ConfigureAwait(false)</c>): Orleans' own bridge, which awaits this
/// storage, does, so each would be a scheduler hop for nothing.
/// </summary>
public sealed class EfGrainStorage(
    IDbContextFactory<GrainStateDbContext> contexts,
    GrainStateWriter writer,
    Serializer serializer,
    TimeProvider clock) : IGrainStorage
{
    /// <summary>Compiled once per storage (it binds to its database's model): every grain activation runs it, a plenary's joins once each.</summary>
    private readonly Func<GrainStateDbContext, string, string, string, Task<GrainStateRow?>> findRow = EF.CompileAsyncQuery(
        (GrainStateDbContext db, string type, string key, string stateName) =>
            db.GrainStates.AsNoTracking().SingleOrDefault(r => r.GrainType == type && r.GrainKey == key && r.StateName == stateName));

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var db = await contexts.CreateDbContextAsync().ConfigureAwait(false);
        var (type, key) = Key(grainId);
        var row = await findRow(db, type, key, stateName).ConfigureAwait(false);
        if (row is null)
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }
        grainState.State = serializer.Deserialize<T>(row.Payload);
        grainState.ETag = row.ETag;
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var (type, key) = Key(grainId);
        var newETag = Guid.NewGuid().ToString("N");
        var kind = grainState.ETag is null ? GrainStateWriteKind.Insert : GrainStateWriteKind.Update;
        var write = new GrainStateWrite(kind, type, key, stateName, grainState.ETag, newETag, serializer.SerializeToArray(grainState.State), clock.GetUtcNow());
        if (!await writer.Write(write).ConfigureAwait(false)) throw Stale(stateName, grainId, grainState.ETag);
        grainState.ETag = newETag;
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var (type, key) = Key(grainId);
        var write = new GrainStateWrite(GrainStateWriteKind.Delete, type, key, stateName, grainState.ETag, "", [], clock.GetUtcNow());
        if (!await writer.Write(write).ConfigureAwait(false)) throw Stale(stateName, grainId, grainState.ETag);
        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private static (string Type, string Key) Key(GrainId grainId) => (grainId.Type.ToString()!, grainId.Key.ToString()!);

    private static InconsistentStateException Stale(string stateName, GrainId grainId, string? etag) =>
        new($"The stored state '{stateName}' of {grainId} has changed since it was read (ETag {etag ?? "none"}); the write was refused.",
            storedEtag: "unknown", currentEtag: etag ?? "none");
}
