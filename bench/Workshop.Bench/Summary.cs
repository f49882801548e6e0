using System.Globalization;

namespace Workshop.Bench;

/// <summary>
/// bench/run.sh's table: per scenario, the median and range of every figure for each server, the product's medians as
/// ratios of the baselines', and issue 10's targets (item 6) as met or missed. Reads the RESULT lines run.sh collected.
/// </summary>
public static class Summary
{
    private const string Product = "product";
    private const string Memory = "memory";
    private const string Sqlite = "sqlite";

    private static readonly (string Key, string Label)[] Figures =
    [
        ("joins_per_s", "joins/s"),
        ("join_p99_ms", "join p99 (ms)"),
        ("votes_per_s", "acks/s"),
        ("ack_p99_ms", "ack p99 (ms)"),
        ("display_p99_ms", "display p99 (ms)"),
        ("cpu_ms_per_join", "server CPU ms per join"),
        ("cpu_ms_per_answer", "server CPU ms per answer"),
        ("kb_per_phone", "server KB per connected phone"),
        ("rss_peak_mb", "server peak RSS (MB)"),
        ("other_cpu_s", "other processes' CPU s"),
    ];

    public static int Print(string file)
    {
        var runs = File.ReadLines(file).Select(Parse).ToList();
        foreach (var scenario in runs.Select(r => r["scenario"]).Distinct())
        {
            var mine = runs.Where(r => r["scenario"] == scenario).ToList();
            var servers = mine.Select(r => r["server"]).Distinct().ToList();
            var first = mine[0];
            Console.WriteLine($"== N={first.GetValueOrDefault("n", "?")}, answers {(first.GetValueOrDefault("spread_s", "0") == "0" ? "all at once" : $"spread over {first["spread_s"]} s")}: median (range) of {mine.Count / servers.Count} rounds ==");
            var header = $"{"",-30}" + string.Concat(servers.Select(s => $"{s,-22}"));
            if (servers.Contains(Product)) header += string.Concat(servers.Where(s => s != Product).Select(s => $"{"product/" + s,-16}"));
            Console.WriteLine(header);
            foreach (var (key, label) in Figures)
            {
                var line = $"{label,-30}";
                foreach (var server in servers)
                {
                    var values = Values(mine, server, key);
                    line += $"{(values.Count == 0 ? "-" : $"{Format(Median(values))} ({Format(values.Min())}-{Format(values.Max())})"),-22}";
                }
                if (servers.Contains(Product))
                    line += string.Concat(servers.Where(s => s != Product).Select(s => $"{Format(Ratio(mine, key, s), 2),-16}"));
                Console.WriteLine(line);
            }
            foreach (var server in servers)
            {
                var of = mine.Where(r => r["server"] == server).ToList();
                Console.WriteLine($"{server,-10} lost {Sum(of, "lost")}, duplicated {Sum(of, "duplicated")}, runs failing {of.Count(r => r["exit"] != "0")} of {of.Count}");
            }
            foreach (var line in Targets(mine, first)) Console.WriteLine(line);
            Console.WriteLine();
        }
        return 0;
    }

    /// <summary>Issue 10 item 6, as ratios against the baselines in the same run.</summary>
    private static IEnumerable<string> Targets(List<Dictionary<string, string>> runs, Dictionary<string, string> first)
    {
        if (Values(runs, Product, "joins_per_s").Count == 0) yield break;
        var allAtOnce = first.GetValueOrDefault("spread_s", "0") == "0";
        var n = int.Parse(first.GetValueOrDefault("n", "0"), CultureInfo.InvariantCulture);
        string Verdict(bool met) => met ? "met" : "MISSED";
        yield return $"target 0 lost, 0 duplicated: {Verdict(Sum(runs, "lost") == 0 && Sum(runs, "duplicated") == 0)}";
        if (Ratio(runs, "joins_per_s", Memory) is var joins && !double.IsNaN(joins))
            yield return $"target joins/s >= 0.5x memory's: {Format(joins, 2)}x, {Verdict(joins >= 0.5)}";
        var joinP99 = Median(Values(runs, Product, "join_p99_ms"));
        yield return $"target join p99 < 250 ms: {Format(joinP99)} ms, {Verdict(joinP99 < 250)}";
        if (allAtOnce && Ratio(runs, "votes_per_s", Sqlite) is var acks && !double.IsNaN(acks))
            yield return $"target same-instant acks/s >= 0.75x sqlite's: {Format(acks, 2)}x, {Verdict(acks >= 0.75)}";
        if (allAtOnce && Ratio(runs, "display_p99_ms", Memory) is var display && !double.IsNaN(display))
            yield return $"target display p99 < 1.5x memory's: {Format(display, 2)}x, {Verdict(display < 1.5)}";
        if (!allAtOnce && n >= 2000 && Ratio(runs, "ack_p99_ms", Sqlite) is var spread && !double.IsNaN(spread))
            yield return $"target spread ack p99 < 1.5x sqlite's: {Format(spread, 2)}x, {Verdict(spread < 1.5)}";
    }

    private static Dictionary<string, string> Parse(string line) =>
        line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(f => f.Split('=', 2)).Where(kv => kv.Length == 2).ToDictionary(kv => kv[0], kv => kv[1]);

    private static List<double> Values(List<Dictionary<string, string>> runs, string server, string key) =>
        [.. runs.Where(r => r["server"] == server && r.ContainsKey(key))
            .Select(r => double.Parse(r[key], CultureInfo.InvariantCulture)).Where(v => !double.IsNaN(v)).Order()];

    private static double Ratio(List<Dictionary<string, string>> runs, string key, string baseline) =>
        Median(Values(runs, Product, key)) / Median(Values(runs, baseline, key));

    private static int Sum(List<Dictionary<string, string>> runs, string key) =>
        runs.Sum(r => int.TryParse(r.GetValueOrDefault(key), CultureInfo.InvariantCulture, out var v) ? v : 0);

    private static double Median(List<double> sorted) =>
        sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;

    private static string Format(double value, int decimals = -1) =>
        double.IsNaN(value) || double.IsInfinity(value) ? "-"
        : value.ToString(decimals >= 0 ? $"F{decimals}" : Math.Abs(value) >= 100 ? "0" : Math.Abs(value) >= 10 ? "0.#" : "0.##", CultureInfo.InvariantCulture);
}
