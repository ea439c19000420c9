using System.Text.Json;
using VoiceCoach.Llm;

namespace VoiceCoach.Tests.Llm;

public class JsonSchemaValidatorTests
{
    private const string Schema = """
        { "type": "object",
          "properties": {
            "grade": { "type": "string", "enum": ["A", "B"] },
            "points": { "type": "array", "items": { "type": "string", "maxLength": 5 }, "maxItems": 2 },
            "n": { "type": "integer", "minimum": 0 } },
          "required": ["grade", "points"],
          "additionalProperties": false }
        """;

    [Theory]
    [InlineData("""{"grade":"A","points":["ok"]}""", null)]
    [InlineData("""{"points":[]}""", "$: \"grade\" is missing")]
    [InlineData("""{"grade":"Z","points":[]}""", "$.grade: \"Z\" is not one of \"A\", \"B\"")]
    [InlineData("""{"grade":"A","points":"x"}""", "$.points: expected array, got a string")]
    [InlineData("""{"grade":"A","points":["toolong"]}""", "$.points[0]: 7 characters, at most 5 allowed")]
    [InlineData("""{"grade":"A","points":["a","b","c"]}""", "$.points: 3 items, at most 2 allowed")]
    [InlineData("""{"grade":"A","points":[],"n":1.5}""", "$.n: expected integer, got a number")]
    [InlineData("""{"grade":"A","points":[],"n":-1}""", "$.n: -1 is below the minimum 0")]
    [InlineData("""{"grade":"A","points":[],"extra":1}""", "$: \"extra\" is not allowed")]
    public void Validate_Reply_ReportsTheFirstProblem(string reply, string? expected)
    {
        using var schema = JsonDocument.Parse(Schema);
        using var value = JsonDocument.Parse(reply);

        Assert.Equal(expected, JsonSchemaValidator.Validate(schema.RootElement, value.RootElement));
    }
}
