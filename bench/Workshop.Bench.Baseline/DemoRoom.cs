using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Workshop.Bench.Baseline;

/// <summary>
/// The demo workshop TRYME5 with its open dot vote, held in dictionaries: participants, their current answers, the live
/// tally and a version that grows with every change. Its snapshots are the product's own demo snapshot (tryme5-snapshot.json,
/// captured from the product) with the live figures filled in, so both servers push the same bytes.
/// </summary>
public sealed class DemoRoom
{
    public const string Code = "TRYME5";
    private const int RecentClientIds = 64;
    private readonly JsonObject template;
    private readonly Guid activityId;
    private readonly HashSet<Guid> items;
    private readonly int dotBudget;
    private readonly int maxDotsPerItem;
    private readonly int round;
    private readonly ConcurrentDictionary<Guid, Participant> participants = new();
    private readonly object gate = new();
    private readonly Dictionary<Guid, (int Dots, int Voters)> tally = [];
    private int respondents;
    private int connected;
    private long version;
    private (long Version, JsonElement Display, JsonElement Phones)? cached;

    private DemoRoom(JsonObject template)
    {
        this.template = template;
        WorkshopId = (Guid)template["workshopId"]!;
        var definition = template["current"]!["definition"]!;
        activityId = (Guid)definition["id"]!;
        items = [.. definition["items"]!.AsArray().Select(i => (Guid)i!)];
        dotBudget = (int)definition["dotBudget"]!;
        maxDotsPerItem = (int)definition["maxDotsPerItem"]!;
        round = (int)template["current"]!["round"]!;
        foreach (var item in items) tally[item] = (0, 0);
        version = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    }

    public static DemoRoom Load(string file) => new(JsonNode.Parse(File.ReadAllText(file))!.AsObject());

    public Guid WorkshopId { get; }

    public string DisplayKey { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    public long Version => Interlocked.Read(ref version);

    public (Participant Participant, string Token) Join()
    {
        var id = Guid.NewGuid();
        var token = $"{id:N}.{Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_')}";
        var participant = new Participant(id, Hash(token));
        participants[id] = participant;
        return (participant, token);
    }

    /// <summary>The participant whose token this is, or null (tokens are "{id:N}.{secret}"; only a hash is kept).</summary>
    public Participant? Authenticate(string? token) =>
        token is { Length: > 33 } && token[32] == '.' && Guid.TryParseExact(token[..32], "N", out var id)
        && participants.TryGetValue(id, out var participant)
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(participant.TokenHash), Encoding.UTF8.GetBytes(Hash(token)))
            ? participant : null;

    public void Connected(bool connectedNow)
    {
        lock (gate)
        {
            connected += connectedNow ? 1 : -1;
            Changed();
        }
    }

    /// <summary>The refusal of an answer this room cannot take (rule code and sentence), or null when it keeps the rules.</summary>
    public (string Code, string Message)? Check(AnswerMessage answer)
    {
        if (answer.ClientId is not { Length: > 0 and <= 64 }) return ("clientIdMissing", "The answer has no client id; please reload the page.");
        if (answer.ActivityId != activityId || answer.Round != round) return ("activityClosed", "This activity is not open for answers any more.");
        if (answer.Dots is not { } dots) return ("wrongKind", "This activity is a dot vote; the answer must hold dots.");
        if (dots.Keys.Any(i => !items.Contains(i))) return ("itemNotInActivity", "The answer names an item that is not part of this activity.");
        if (dots.Values.Any(d => d < 0)) return ("negativeDots", "An item cannot have fewer than zero dots.");
        if (dots.Values.Any(d => d > maxDotsPerItem)) return ("overItemCap", $"You can put at most {maxDotsPerItem} dots on one item.");
        if (dots.Values.Sum() > dotBudget) return ("overBudget", $"You have {dotBudget} dots.");
        return null;
    }

    /// <summary>Makes the (checked, stored) answer the participant's current one; false when its client id was taken already.</summary>
    public bool Apply(Participant participant, AnswerMessage answer)
    {
        lock (gate)
        {
            if (!participant.Remember(answer.ClientId!)) return false;
            var previous = participant.Current?.Dots;
            if (previous is not null) Count(previous, -1);
            Count(answer.Dots!, +1);
            participant.Current = new AnswerRecord(answer.ActivityId, answer.Round, answer.ClientId!, answer.Dots, null, null);
            Changed();
            return true;
        }
    }

    /// <summary>
    /// The snapshot for a display (with results) or for the phones (results not revealed yet), made once per version;
    /// a JsonElement because it is read by many connections at once (a JsonNode is not safe for that).
    /// </summary>
    public JsonElement Snapshot(bool display)
    {
        lock (gate)
        {
            if (cached is not { } made || made.Version != version)
            {
                var totalDots = tally.Values.Sum(t => t.Dots);
                var results = new JsonObject
                {
                    ["respondents"] = respondents,
                    ["totalDots"] = totalDots,
                    ["items"] = new JsonArray([.. tally.Select(t => new JsonObject
                    {
                        ["item"] = t.Key, ["dots"] = t.Value.Dots, ["voters"] = t.Value.Voters,
                        ["share"] = totalDots == 0 ? 0 : (double)t.Value.Dots / totalDots,
                        ["rank"] = 1 + tally.Values.Count(other => other.Dots > t.Value.Dots),
                    })]),
                };
                var full = template.DeepClone();
                full["version"] = version;
                full["participantCount"] = connected;
                full["current"]!["respondents"] = respondents;
                full["current"]!["results"]!["dotVote"] = results;
                var withResults = JsonSerializer.SerializeToElement(full);
                full["current"]!["results"] = null;
                made = (version, withResults, JsonSerializer.SerializeToElement(full));
                cached = made;
            }
            return display ? made.Display : made.Phones;
        }
    }

    private void Count(IReadOnlyDictionary<Guid, int> dots, int sign)
    {
        if (dots.Values.Any(d => d > 0)) respondents += sign;
        foreach (var (item, count) in dots)
            if (count > 0) tally[item] = (tally[item].Dots + sign * count, tally[item].Voters + sign);
    }

    /// <summary>Versions are at least the clock in Unix ms, as the product's are (the bench client relies on it).</summary>
    private void Changed() => Interlocked.Exchange(ref version, Math.Max(version + 1, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public sealed class Participant(Guid id, string tokenHash)
    {
        private readonly Queue<string> recentOrder = new();
        private readonly HashSet<string> recent = [];

        public Guid Id { get; } = id;
        public string TokenHash { get; } = tokenHash;
        public AnswerRecord? Current { get; set; }

        public bool Knows(string clientId)
        {
            lock (recent) return recent.Contains(clientId);
        }

        /// <summary>Keeps the client ids of the last 64 answers, as the product does; false when this one is known.</summary>
        public bool Remember(string clientId)
        {
            lock (recent)
            {
                if (!recent.Add(clientId)) return false;
                recentOrder.Enqueue(clientId);
                if (recentOrder.Count > RecentClientIds) recent.Remove(recentOrder.Dequeue());
                return true;
            }
        }
    }
}
