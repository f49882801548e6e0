using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Workshop.Web.Workshops;

/// <summary>
/// Reads a JSON object straight into an <see cref="ImmutableDictionary{TKey,TValue}"/>'s builder. The serializer's own
/// converter fills a growing <see cref="Dictionary{TKey,TValue}"/> first, in a nested read frame: about 1.5 KB per vote's
/// dots, which a plenary's collections pay for (bench/README.md). A repeated key keeps its last value, as there; writing
/// is the serializer's own.
/// </summary>
public sealed class ImmutableDictionaryReader : JsonConverterFactory
{
    public override bool CanConvert(Type type) => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ImmutableDictionary<,>);

    public override JsonConverter CreateConverter(Type type, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Reader<,>).MakeGenericType(type.GetGenericArguments()), options)!;

    /// <summary>Its key and value converters are looked up once, when the options make it, not on every message.</summary>
    private sealed class Reader<TKey, TValue>(JsonSerializerOptions options) : JsonConverter<ImmutableDictionary<TKey, TValue>> where TKey : notnull
    {
        private readonly JsonConverter<TKey> keys = (JsonConverter<TKey>)options.GetConverter(typeof(TKey));
        private readonly JsonConverter<TValue> values = (JsonConverter<TValue>)options.GetConverter(typeof(TValue));

        public override ImmutableDictionary<TKey, TValue> Read(ref Utf8JsonReader reader, Type type, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException($"Expected an object of {typeof(TValue).Name} values.");
            var builder = ImmutableDictionary.CreateBuilder<TKey, TValue>();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var key = keys.ReadAsPropertyName(ref reader, typeof(TKey), options);
                reader.Read();
                builder[key] = reader.TokenType == JsonTokenType.Null && default(TValue) is null ? default! : values.Read(ref reader, typeof(TValue), options)!;
            }
            return builder.ToImmutable();
        }

        public override void Write(Utf8JsonWriter writer, ImmutableDictionary<TKey, TValue> value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize<IReadOnlyDictionary<TKey, TValue>>(writer, value, options);
    }
}
