using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using Workshop.Web.Workshops;

namespace Workshop.WebTests.Workshops;

public sealed class ImmutableDictionaryReaderTests
{
    private sealed record Message(ImmutableDictionary<Guid, int>? Dots, ImmutableDictionary<string, ImmutableDictionary<Guid, int>>? Ratings, ImmutableDictionary<Guid, string>? Reasons);

    private static readonly JsonSerializerOptions Own = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    private static readonly JsonSerializerOptions WithReader = new(Own) { Converters = { new ImmutableDictionaryReader() } };

    private const string A = "0b6f1a43-5d5e-4f6b-9b0e-6f1f4b1d2c3a";
    private const string B = "9d2c7e11-1a2b-4c3d-8e9f-0a1b2c3d4e5f";

    [Theory]
    [InlineData($$$"""{"dots":{"{{{A}}}":2,"{{{B}}}":1}}""")]
    [InlineData($$$"""{"dots":{"{{{A}}}":2,"{{{A}}}":3}}""")]
    [InlineData($$$"""{"ratings":{"importance":{"{{{A}}}":4},"development":{"{{{B}}}":1,"{{{A}}}":5}},"dots":{}}""")]
    [InlineData($$$"""{"reasons":{"{{{A}}}":"Clients ask for it","{{{B}}}":null},"dots":null}""")]
    public void Reads_what_the_serializers_own_converter_reads_and_writes_it_back_alike(string json)
    {
        var own = JsonSerializer.Deserialize<Message>(json, Own)!;
        var read = JsonSerializer.Deserialize<Message>(json, WithReader)!;

        Assert.Equal(JsonSerializer.Serialize(own, Own), JsonSerializer.Serialize(read, Own));
        Assert.Equal(JsonSerializer.Serialize(own, Own), JsonSerializer.Serialize(read, WithReader));
    }

    [Theory]
    [InlineData("""{"dots":[1,2]}""")]
    [InlineData("""{"dots":{"not-a-guid":1}}""")]
    [InlineData($$$"""{"dots":{"{{{A}}}":"two"}}""")]
    [InlineData($$$"""{"dots":{"{{{A}}}":null}}""")]
    [InlineData($$$"""{"ratings":{"importance":4}}""")]
    public void Refuses_what_is_not_an_object_of_the_right_keys_and_values(string json)
    {
        var refused = Record.Exception(() => JsonSerializer.Deserialize<Message>(json, WithReader));

        // The two that HubMessages answers with invalidMessage.
        Assert.True(refused is JsonException or InvalidOperationException, refused?.ToString() ?? "read without an error");
    }
}
