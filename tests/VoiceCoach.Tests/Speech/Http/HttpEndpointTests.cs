using VoiceCoach.Core.Transcription;
using VoiceCoach.Speech.Http;

namespace VoiceCoach.Tests.Speech.Http;

public sealed class HttpEndpointTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8000/v1", "http://127.0.0.1:8000/v1/audio/transcriptions")]
    [InlineData("http://127.0.0.1:8000/v1/", "http://127.0.0.1:8000/v1/audio/transcriptions")]
    [InlineData("https://api.openai.com/v1/audio/transcriptions", "https://api.openai.com/v1/audio/transcriptions")]
    [InlineData("http://localhost:8080/inference", "http://localhost:8080/inference")]
    [InlineData("http://localhost:8080", "http://localhost:8080/audio/transcriptions")]
    public void ResolveEndpoint_BaseOrFullUrl_GivesTheEndpoint(string url, string expected) =>
        Assert.Equal(expected, HttpTranscriber.ResolveEndpoint(url).ToString());

    [Theory]
    [InlineData("127.0.0.1:8000/v1")]
    [InlineData("ftp://host/v1")]
    [InlineData("")]
    public void ResolveEndpoint_NotHttp_SaysWhatAUrlLooksLike(string url)
    {
        var ex = Assert.Throws<TranscriptionException>(() => HttpTranscriber.ResolveEndpoint(url));

        Assert.Contains("not an http(s) URL; give the server's API base, e.g. http://127.0.0.1:8000/v1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ApiKey_FromOptions_WinsAndEmptyMeansNone()
    {
        Assert.Equal("k", new HttpTranscriberOptions { ApiKey = "k" }.ResolveApiKey());
        Assert.Null(new HttpTranscriberOptions { ApiKey = string.Empty }.ResolveApiKey());
    }
}
