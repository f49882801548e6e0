using Microsoft.Data.Sqlite;
using Workshop.Silo.Storage;

namespace Workshop.Web.Backups;

/// <summary>
/// The shape of an operator's command on the database, <c>&lt;command&gt; &lt;file&gt; [--Section:Key=value ...]</c>: the
/// database comes from the same settings as the server's, the outcome is one line, the exit code 0, 1 (refused or failed) or 2 (usage).
/// </summary>
public static class DatabaseCommand
{
    public static int Run(string[] args, string usage, Func<WorkshopDatabase, string, string> action)
    {
        if (args is not [var file, .. var settings] || file.StartsWith('-'))
        {
            Console.Error.WriteLine($"Usage: dotnet run --project web -- {usage}");
            return 2;
        }
        try
        {
            var database = WorkshopDatabase.From(WebApplication.CreateBuilder(settings).Configuration);
            Console.WriteLine(action(database, file));
            return 0;
        }
        catch (Exception e) when (e is BackupException or InvalidOperationException or IOException or UnauthorizedAccessException or SqliteException)
        {
            Console.Error.WriteLine(e.Message);
            return 1;
        }
    }
}
