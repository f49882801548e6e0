using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Workshop.Grains.Workshops;

namespace Workshop.Web.Workshops;

/// <summary>
/// Reads the message of a hub call. Hub methods take it as raw JSON because SignalR binds typed arguments before the method
/// and its filters run, and answers a wrong type with its own generic error; read here, every malformed message (null, a
/// wrong type, a missing field, an invalid id) is refused with <see cref="WorkshopError.InvalidMessage"/> and a debug line.
/// </summary>
public sealed class HubMessages(IOptions<JsonHubProtocolOptions> protocol, ILogger<HubMessages> logger)
{
    /// <summary>The hub's own JSON settings, strict: a parameter without a default must be sent, and not as null unless nullable.</summary>
    private readonly JsonSerializerOptions strict = new(protocol.Value.PayloadSerializerOptions)
    {
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
        Converters = { new ImmutableDictionaryReader() },
    };

    public T Read<T>(JsonElement message) where T : class
    {
        try
        {
            return message.Deserialize<T>(strict) ?? throw new JsonException("The message is null.");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException or NotSupportedException)
        {
            var at = (e as JsonException)?.Path is { Length: > 1 } path ? $" (at {path})" : "";
            logger.LogDebug("Refused a malformed {Message}{At}", typeof(T).Name, at);
            throw new WorkshopRuleException(WorkshopError.InvalidMessage, $"The server could not read this message{at}; reload the page and try again.");
        }
    }
}
