using Microsoft.Extensions.Hosting;
using Workshop.Silo.Hosting;
using Workshop.Silo.Telemetry;

// A standalone silo: `dotnet run --project silo`. The web app then connects with Cluster:Mode=Client.
var builder = Host.CreateApplicationBuilder(args);
builder.AddWorkshopSilo();
builder.AddWorkshopTelemetry("workshop-silo");
await builder.Build().RunAsync();
