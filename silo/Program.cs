using Microsoft.Extensions.Hosting;
using Workshop.Silo.Hosting;

// A standalone silo: `dotnet run --project silo`. The web app then connects with Cluster:Mode=Client.
var builder = Host.CreateApplicationBuilder(args);
builder.AddWorkshopSilo();
await builder.Build().RunAsync();
