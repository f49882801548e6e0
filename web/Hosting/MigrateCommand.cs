using System.Data.Common;
using Workshop.Silo.Storage;

namespace Workshop.Web.Hosting;

/// <summary>
/// <c>dotnet run --project web -- migrate</c> (or <c>dotnet Workshop.Web.dll migrate</c>): applies the schema migrations to
/// the configured database and exits, for operators who migrate by hand (<c>Database:MigrateAtStart=false</c>).
/// </summary>
public static class MigrateCommand
{
    public const string Name = "migrate";

    /// <returns>The process exit code: 0 when the database is at this version's schema.</returns>
    public static async Task<int> Run(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        using var host = builder.Build();
        try
        {
            var migrations = new SchemaMigrations(WorkshopDatabase.From(builder.Configuration), host.Services.GetRequiredService<ILoggerFactory>());
            var applied = await migrations.Migrate();
            Console.WriteLine(applied.Count == 0
                ? "The database is at this version's schema: no migration to apply."
                : $"Applied {applied.Count} schema migrations: {string.Join(", ", applied)}.");
            return 0;
        }
        catch (Exception e) when (e is InvalidOperationException or DbException)
        {
            // The cause too: EF Core wraps an unreachable server in a message that does not name it.
            await Console.Error.WriteLineAsync(e.InnerException is null ? e.Message : $"{e.Message}\n{e.GetBaseException().Message}");
            return 1;
        }
    }
}
