using Workshop.Bench.Baseline;

// dotnet Workshop.Bench.Baseline.dll --Urls http://127.0.0.1:PORT --Baseline:Mode memory|sqlite
//   [--Baseline:Database FILE] [--Baseline:DisplayKeyFile FILE]
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var mode = builder.Configuration["Baseline:Mode"] ?? "memory";
IDurability durability = mode switch
{
    "memory" => new InMemory(),
    "sqlite" => await SqliteGroupCommit.Open(builder.Configuration["Baseline:Database"] ?? "baseline.db"),
    _ => throw new ArgumentException($"--Baseline:Mode is memory or sqlite, not '{mode}'."),
};
builder.Services.AddSingleton(durability);
builder.Services.AddSingleton(DemoRoom.Load(Path.Combine(AppContext.BaseDirectory, "tryme5-snapshot.json")));
builder.Services.AddHostedService<DisplayPusher>();
// The product's hub limit and enum-free JSON; SignalR's defaults otherwise, as in the product.
builder.Services.AddSignalR(o => o.MaximumReceiveMessageSize = 32 * 1024);

var app = builder.Build();
var room = app.Services.GetRequiredService<DemoRoom>();
if (app.Configuration["Baseline:DisplayKeyFile"] is { Length: > 0 } keyFile) await File.WriteAllTextAsync(keyFile, room.DisplayKey);
app.MapHub<BaselineHub>("/hubs/workshop");
app.MapGet("/health", () => "Healthy");
app.Lifetime.ApplicationStopped.Register(() => (durability as IDisposable)?.Dispose());
app.Logger.LogWarning("Baseline server, mode {Mode}: demo workshop {Code}", mode, DemoRoom.Code);
await app.RunAsync();
