using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Workshop.Web.Workshops;

public static class WorkshopHubSetup
{
    /// <summary>Every hub message has a size limit; a larger one closes the connection.</summary>
    public const int MaxMessageBytes = 32 * 1024;

    /// <summary>
    /// Seconds a connection may send nothing before the server closes it (half of it before the SignalR handshake).
    /// The clients ping every 15 s, so keep it well above that; the default is SignalR's 30.
    /// </summary>
    public const string SilenceSetting = "Workshop:HubSilenceSeconds";
    public const int DefaultSilenceSeconds = 30;

    public static WebApplicationBuilder AddWorkshopHub(this WebApplicationBuilder builder)
    {
        var silence = TimeSpan.FromSeconds(builder.Configuration.GetValue(SilenceSetting, DefaultSilenceSeconds));
        builder.Services.AddSignalR(o =>
            {
                o.MaximumReceiveMessageSize = MaxMessageBytes;
                // Set here, not left to SignalR's defaults, because they are what closes silent sockets that would otherwise hold a connection.
                o.ClientTimeoutInterval = silence;
                o.HandshakeTimeout = silence / 2;
            })
            // Enum values only by name, so that a number cannot name a kind that does not exist.
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false)));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<WorkshopFeed>();
        builder.Services.AddSingleton<JoinBatches>();
        builder.Services.AddMemoryCache();
        builder.Services.AddSingleton<JoinCodeLookup>();
        builder.Services.AddSingleton<HubMessages>();
        builder.Services.AddSingleton(new JoinAttempts(builder.Configuration.GetValue(JoinAttempts.Setting, JoinAttempts.DefaultPerMinute)));
        return builder;
    }
}
