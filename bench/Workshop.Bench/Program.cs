using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Workshop.Bench;

// bench/run.sh calls "free-ports K" to pick loopback ports for a server, "run ..." for the load, "summary FILE" for the table.
if (args is ["free-ports", var countText]) return FreePorts(int.Parse(countText, CultureInfo.InvariantCulture));
if (args is ["run", .. var rest]) return await new Bench(BenchOptions.Parse(rest)).RunAsync();
if (args is ["summary", var file]) return Summary.Print(file);
Console.Error.WriteLine("usage: Workshop.Bench free-ports K | summary RESULTS | run --url URL --n N --key-file PATH --server-pid PID [--concurrency 50] [--reconnect-share 0.1] [--settle-seconds 10] [--seed S] [--spread-seconds 0] [--warmup-phones 1]");
return 64;

static int FreePorts(int count)
{
    // Bind them all at once so that the K ports differ; the server binds them a moment later (loopback only).
    var sockets = Enumerable.Range(0, count).Select(_ =>
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }).ToList();
    Console.WriteLine(string.Join(' ', sockets.Select(s => ((IPEndPoint)s.LocalEndPoint!).Port)));
    sockets.ForEach(s => s.Dispose());
    return 0;
}

public sealed record BenchOptions(
    string Url, int N, string KeyFile, int ServerPid, int Concurrency, double ReconnectShare, TimeSpan Settle, int Seed,
    Guid WorkshopId, string Code, double TargetP99Ms, TimeSpan Spread, int WarmupPhones)
{
    public static BenchOptions Parse(string[] args)
    {
        var map = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"Expected --name value, got '{args[i]}'.");
            map[args[i][2..]] = args[i + 1];
        }
        string Get(string name, string? fallback = null) =>
            map.TryGetValue(name, out var value) ? value : fallback ?? throw new ArgumentException($"--{name} is required.");
        var inv = CultureInfo.InvariantCulture;
        return new BenchOptions(
            Get("url").TrimEnd('/'),
            int.Parse(Get("n", "1000"), inv),
            Get("key-file"),
            int.Parse(Get("server-pid", "0"), inv),
            int.Parse(Get("concurrency", "50"), inv),
            double.Parse(Get("reconnect-share", "0.1"), inv),
            TimeSpan.FromSeconds(double.Parse(Get("settle-seconds", "10"), inv)),
            int.Parse(Get("seed", Environment.TickCount.ToString(inv)), inv),
            Guid.Parse(Get("workshop", "5d1c0a7e-3b2f-4c8e-9a41-0e6f7d2b9c10")),
            Get("code", "TRYME5"),
            double.Parse(Get("target-p99-ms", "250"), inv),
            TimeSpan.FromSeconds(double.Parse(Get("spread-seconds", "0"), inv)),
            int.Parse(Get("warmup-phones", "1"), inv));
    }
}

/// <summary>Process figures of the server from /proc (Linux).</summary>
public static class ServerProcess
{
    public static long StatusKb(int pid, string field)
    {
        if (pid <= 0 || !File.Exists($"/proc/{pid}/status")) return -1;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
                return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return -1;
    }

    /// <summary>CPU seconds all processes of the machine have used so far (busy = all but idle and iowait), from /proc/stat.</summary>
    public static double MachineBusySeconds()
    {
        if (!File.Exists("/proc/stat")) return double.NaN;
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
            .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        return (cpu.Sum() - cpu[3] - cpu[4]) / 100.0;
    }

    /// <summary>User + system CPU seconds the process has used so far.</summary>
    public static double CpuSeconds(int pid)
    {
        if (pid <= 0 || !File.Exists($"/proc/{pid}/stat")) return double.NaN;
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // Fields 14 and 15 of stat (utime, stime) are 11 and 12 after the command name; clock ticks are 100 a second on Linux.
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }
}
