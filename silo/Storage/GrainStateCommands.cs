using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Workshop.Silo.Storage;

/// <summary>
/// The group commit's connection with its row writes as plain SQL commands, each built and prepared once and re-executed
/// with new values for as long as the connection lives: the writer is one loop per silo, so its cost per row and per batch
/// bounds how many answers a second are acknowledged (EF Core's per-call LINQ translation made it about 0.5 ms a row, and
/// opening a connection per batch, with SQLite's functions registered anew, cost more than a small batch's rows).
/// The SQL is the same on SQLite and PostgreSQL.
/// </summary>
internal sealed class GrainStateCommands : IAsyncDisposable
{
    private const string Row = $"grain_type = @type AND grain_key = @key AND state_name = @state";
    private const string Table = GrainStateDbContext.TableName;

    private readonly GrainStateDbContext db;
    private readonly DbConnection connection;
    private DbTransaction? transaction;
    private DbCommand? insert, update, delete, exists;

    private GrainStateCommands(GrainStateDbContext db)
    {
        this.db = db;
        connection = db.Database.GetDbConnection();
    }

    public static async Task<GrainStateCommands> Open(IDbContextFactory<GrainStateDbContext> contexts)
    {
        var db = await contexts.CreateDbContextAsync();
        try
        {
            await db.Database.OpenConnectionAsync();
            return new GrainStateCommands(db);
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    /// <summary>Applies the writes in one transaction; for each, whether it applied (false: the row's ETag was not the expected one).</summary>
    public async Task<bool[]> Commit(IReadOnlyList<GrainStateWrite> writes)
    {
        await using var started = await db.Database.BeginTransactionAsync();
        transaction = started.GetDbTransaction();
        try
        {
            var applied = new bool[writes.Count];
            for (var i = 0; i < writes.Count; i++) applied[i] = await Apply(writes[i]);
            await started.CommitAsync();
            return applied;
        }
        finally
        {
            transaction = null;
        }
    }

    private async Task<bool> Apply(GrainStateWrite write)
    {
        switch (write.Kind)
        {
            case GrainStateWriteKind.Insert:
                insert ??= Command($"INSERT INTO {Table} (grain_type, grain_key, state_name, etag, payload, updated_at) " +
                                   "VALUES (@type, @key, @state, @new_etag, @payload, @at) ON CONFLICT DO NOTHING", NewValues);
                return await Execute(insert, write) == 1;
            case GrainStateWriteKind.Update:
                update ??= Command($"UPDATE {Table} SET etag = @new_etag, payload = @payload, updated_at = @at WHERE {Row} AND etag = @etag", [.. NewValues, ExpectedETag]);
                return await Execute(update, write) == 1;
            default:
                // Nothing deleted: refused when the caller expected a record (an ETag) or did not know of one that exists.
                delete ??= Command($"DELETE FROM {Table} WHERE {Row} AND etag = @etag", ExpectedETag);
                if (await Execute(delete, write) == 1) return true;
                exists ??= Command($"SELECT COUNT(*) FROM {Table} WHERE {Row}");
                Bind(exists, write);
                return write.ExpectedETag is null && Convert.ToInt64(await exists.ExecuteScalarAsync()) == 0;
        }
    }

    private static readonly (string, DbType) ExpectedETag = ("@etag", DbType.String);
    private static readonly (string, DbType)[] NewValues = [("@new_etag", DbType.String), ("@payload", DbType.Binary), ("@at", DbType.DateTimeOffset)];

    /// <summary>A command on the row named by @type, @key and @state, with <paramref name="parameters"/> besides.</summary>
    private DbCommand Command(string sql, params (string Name, DbType Type)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, type) in new[] { ("@type", DbType.String), ("@key", DbType.String), ("@state", DbType.String) }.Concat(parameters))
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.DbType = type;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    private async Task<int> Execute(DbCommand command, GrainStateWrite write)
    {
        Bind(command, write);
        return await command.ExecuteNonQueryAsync();
    }

    private void Bind(DbCommand command, GrainStateWrite write)
    {
        command.Transaction = transaction;
        foreach (DbParameter parameter in command.Parameters)
            parameter.Value = (object?)(parameter.ParameterName switch
            {
                "@type" => (object?)write.GrainType,
                "@key" => write.GrainKey,
                "@state" => write.StateName,
                "@etag" => write.ExpectedETag,
                "@new_etag" => write.NewETag,
                "@payload" => write.Payload,
                "@at" => write.At,
                _ => throw new InvalidOperationException($"No value for {parameter.ParameterName}."),
            }) ?? DBNull.Value;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in new[] { insert, update, delete, exists })
            if (command is not null) await command.DisposeAsync();
        await db.DisposeAsync();
    }
}
