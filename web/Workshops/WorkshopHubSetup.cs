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
        builder.Services.AddSignalR(o => o.MaximumReceiveMessageSize = MaxMessageBytes)
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<WorkshopFeed>();
        builder.Services.AddSingleton<JoinBatches>();
        builder.Services.AddSingleton(new JoinAttempts(builder.Configuration.GetValue(JoinAttempts.Setting, JoinAttempts.DefaultPerMinute)));
        return builder;
    }
}
