using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Workshop.Silo.Storage;

/// <summary>
/// Sign-in data (ASP.NET Core Identity) and the cookie-protection keys, in the same database as the grain
/// state, so that sign-ins survive restarts and hold across several web instances.
/// </summary>
public sealed class WorkshopIdentityDbContext(DbContextOptions<WorkshopIdentityDbContext> options)
    : IdentityDbContext<IdentityUser>(options), IDataProtectionKeyContext
{
    /// <summary>A table of the first migration: present in an install made before migrations.</summary>
    public const string ProbeTable = "AspNetUsers";

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
}
