using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Workshop.Web.Workshops;

public static class WorkshopHubSetup
{
    /// <summary>Every hub message has a size limit; a larger one closes the connection.</summary>
    public const int MaxMessageBytes = 32 * 1024;

    public static WebApplicationBuilder AddWorkshopHub(this WebApplicationBuilder builder)
    {
        builder.Services.AddSignalR(o =>
            {
                o.MaximumReceiveMessageSize = MaxMessageBytes;
                // A connection that sends nothing, not even the clients' keep-alive ping (every 15 s), is closed: a silent socket holds nothing for long.
                o.ClientTimeoutInterval = TimeSpan.FromSeconds(30);
                // A transport opened without the SignalR handshake that must follow is closed.
                o.HandshakeTimeout = TimeSpan.FromSeconds(15);
            })
            // Enum values only by name, so that a number cannot name a kind that does not exist.
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false)));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<WorkshopFeed>();
        builder.Services.AddSingleton<JoinBatches>();
        builder.Services.AddSingleton<HubMessages>();
        builder.Services.AddSingleton(new JoinAttempts(builder.Configuration.GetValue(JoinAttempts.Setting, JoinAttempts.DefaultPerMinute)));
        return builder;
    }
}
