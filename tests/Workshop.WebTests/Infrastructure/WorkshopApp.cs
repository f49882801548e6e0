using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Workshop.WebTests.Infrastructure;

/// <summary>
/// The real web app with its co-hosted silo, on a SQLite file of its own and free silo ports,
/// so that several apps can run side by side. <see cref="StartKestrel"/> serves it on a real port for browsers.
/// </summary>
public class WorkshopApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> settings;

    /// <param name="folder">An earlier app's <see cref="Folder"/> to start again on its database (a server restart).</param>
    public WorkshopApp(IDictionary<string, string?>? extraSettings = null, string? folder = null)
    {
        Folder = folder ?? NewFolder();
        Directory.CreateDirectory(Folder);
        settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Workshop"] = $"Data Source={Path.Combine(Folder, "workshop.db")}",
            ["Cluster:SiloPort"] = FreePort().ToString(),
            ["Cluster:GatewayPort"] = FreePort().ToString(),
        };
        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string?>()) settings[key] = value;
    }

    public string Folder { get; }

    /// <summary>A folder for one app's files that does not exist yet, under the test output's apps/.</summary>
    public static string NewFolder() => Path.Combine(AppContext.BaseDirectory, "apps", Guid.NewGuid().ToString("N"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
    }

    /// <summary>Starts Kestrel on a free loopback port and returns the base address, e.g. http://127.0.0.1:41234.</summary>
    public Uri StartKestrel()
    {
        UseKestrel(0);
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address.Replace("localhost", "127.0.0.1").Replace("[::]", "127.0.0.1"));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
