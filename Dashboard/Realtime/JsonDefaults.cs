using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dashboard.Realtime;

/// <summary>
/// The JSON conventions of the wire protocol: camelCase names, nulls written (ratios with a zero denominator are
/// <c>null</c>), no indentation, timestamps UTC with <c>Z</c> (<see cref="UtcTimestampConverters"/>).
/// </summary>
public static class JsonDefaults
{
    /// <summary>Shared, immutable serializer options.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            NumberHandling = JsonNumberHandling.Strict,
        };
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        UtcTimestampConverters.AddTo(o);
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }
}
