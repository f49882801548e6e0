using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Workshop.Silo.Storage;

namespace Workshop.Migrations.PostgreSql;

/// <summary>How dotnet-ef builds the contexts to write a migration into this assembly; it never connects.</summary>
public sealed class DesignTimeContexts : IDesignTimeDbContextFactory<GrainStateDbContext>, IDesignTimeDbContextFactory<WorkshopIdentityDbContext>
{
    GrainStateDbContext IDesignTimeDbContextFactory<GrainStateDbContext>.CreateDbContext(string[] args) => new(Options<GrainStateDbContext>());

    WorkshopIdentityDbContext IDesignTimeDbContextFactory<WorkshopIdentityDbContext>.CreateDbContext(string[] args) => new(Options<WorkshopIdentityDbContext>());

    private static DbContextOptions<T> Options<T>() where T : DbContext =>
        new DbContextOptionsBuilder<T>().UseNpgsql("Host=design-time", o => o.MigrationsAssembly(typeof(DesignTimeContexts).Assembly.GetName().Name)).Options;
}
