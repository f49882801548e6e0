using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Workshop.Bench.Baseline;

/// <summary>Where joins and answers are made durable before their reply is sent.</summary>
public interface IDurability
{
    Task Joined(Guid participantId, string tokenHash);

    Task Answered(Guid participantId, AnswerMessage answer);
}

/// <summary>Mode "memory": the dictionaries of <see cref="DemoRoom"/> are all there is.</summary>
public sealed class InMemory : IDurability
{
    public Task Joined(Guid participantId, string tokenHash) => Task.CompletedTask;

    public Task Answered(Guid participantId, AnswerMessage answer) => Task.CompletedTask;
}

/// <summary>
/// Mode "sqlite": one writer commits whatever writes are waiting in one transaction (group commit, as the product's storage
/// does), and each write completes only after its transaction committed. WAL journal, SQLite's default synchronous setting.
/// </summary>
public sealed class SqliteGroupCommit : IDurability, IDisposable
{
    private const int MaxBatch = 500;
    private readonly Channel<(Action<Commands> Write, TaskCompletionSource Done)> queue =
        Channel.CreateUnbounded<(Action<Commands>, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SqliteConnection connection;
    private readonly Task loop;

    private SqliteGroupCommit(SqliteConnection connection)
    {
        this.connection = connection;
        loop = Task.Run(Run);
    }

    public static async Task<SqliteGroupCommit> Open(string file)
    {
        var connection = new SqliteConnection($"Data Source={file}");
        await connection.OpenAsync();
        await using var schema = connection.CreateCommand();
        schema.CommandText = """
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS participants (id TEXT PRIMARY KEY, token_hash TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS answers (participant_id TEXT NOT NULL, activity_id TEXT NOT NULL, round INTEGER NOT NULL,
                client_id TEXT NOT NULL, dots TEXT NOT NULL, PRIMARY KEY (participant_id, activity_id, round));
            """;
        await schema.ExecuteNonQueryAsync();
        return new SqliteGroupCommit(connection);
    }

    public Task Joined(Guid participantId, string tokenHash) => Enqueue(c => c.Join(participantId, tokenHash));

    public Task Answered(Guid participantId, AnswerMessage answer) =>
        Enqueue(c => c.Answer(participantId, answer.ActivityId, answer.Round, answer.ClientId!, JsonSerializer.Serialize(answer.Dots)));

    private Task Enqueue(Action<Commands> write)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!queue.Writer.TryWrite((write, done))) throw new ObjectDisposedException(nameof(SqliteGroupCommit));
        return done.Task;
    }

    private async Task Run()
    {
        var batch = new List<(Action<Commands> Write, TaskCompletionSource Done)>(MaxBatch);
        while (await queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && queue.Reader.TryRead(out var next)) batch.Add(next);
            try
            {
                using var transaction = connection.BeginTransaction();
                using var commands = new Commands(connection, transaction);
                foreach (var (write, _) in batch) write(commands);
                transaction.Commit();
                foreach (var (_, done) in batch) done.SetResult();
            }
            catch (Exception e)
            {
                foreach (var (_, done) in batch) done.TrySetException(e);
            }
        }
    }

    public void Dispose()
    {
        queue.Writer.TryComplete();
        loop.Wait();
        connection.Dispose();
    }

    /// <summary>The batch's two statements, prepared once per transaction and run once per write.</summary>
    private sealed class Commands : IDisposable
    {
        private readonly SqliteCommand join;
        private readonly SqliteCommand answer;

        public Commands(SqliteConnection connection, SqliteTransaction transaction)
        {
            join = Prepare(connection, transaction, "INSERT INTO participants (id, token_hash) VALUES ($p0, $p1)", 2);
            answer = Prepare(connection, transaction, """
                INSERT INTO answers (participant_id, activity_id, round, client_id, dots) VALUES ($p0, $p1, $p2, $p3, $p4)
                ON CONFLICT (participant_id, activity_id, round) DO UPDATE SET client_id = excluded.client_id, dots = excluded.dots
                """, 5);
        }

        public void Join(Guid participantId, string tokenHash) => Run(join, participantId.ToString(), tokenHash);

        public void Answer(Guid participantId, Guid activityId, int round, string clientId, string dots) =>
            Run(answer, participantId.ToString(), activityId.ToString(), round, clientId, dots);

        private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction transaction, string sql, int parameters)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            for (var i = 0; i < parameters; i++) command.Parameters.Add(new SqliteParameter($"$p{i}", null));
            command.Prepare();
            return command;
        }

        private static void Run(SqliteCommand command, params object[] values)
        {
            for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i];
            command.ExecuteNonQuery();
        }

        public void Dispose()
        {
            join.Dispose();
            answer.Dispose();
        }
    }
}
