using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Workshop.WebTests.Infrastructure;

/// <summary>A phone's side of the hub through the real .NET SignalR client, and the checks of its replies.</summary>
public static class Phones
{
    /// <summary>A connection to the workshop hub speaking its JSON protocol (enums as camelCase strings); not started.</summary>
    public static HubConnection Connection(Uri baseAddress) => new HubConnectionBuilder()
        .WithUrl(new Uri(baseAddress, "/hubs/workshop"))
        .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)))
        .Build();

    /// <summary>A successful reply's value.</summary>
    public static JsonElement Ok(JsonElement reply)
    {
        Assert.True(reply.GetProperty("ok").GetBoolean(), $"The call failed: {reply}");
        Assert.Equal(JsonValueKind.Null, reply.GetProperty("error").ValueKind);
        return reply.GetProperty("value");
    }

    /// <summary>A failed call: ok false, no value, the error's camelCase code and a sentence for the participant.</summary>
    public static void Failed(string code, JsonElement reply)
    {
        Assert.False(reply.GetProperty("ok").GetBoolean(), $"The call succeeded; it should have failed with {code}: {reply}");
        Assert.Equal(JsonValueKind.Null, reply.GetProperty("value").ValueKind);
        Assert.Equal(code, reply.GetProperty("error").GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(reply.GetProperty("error").GetProperty("message").GetString()));
    }
}
