using VoiceCoach.Speech.Sphinx;

namespace VoiceCoach.IntegrationTests.Speech;

/// <summary>One decoder for all PocketSphinx tests, as in the product: loaded once, reused per clip.</summary>
public sealed class SphinxFixture : IDisposable
{
    private readonly Lazy<SphinxTranscriber> _transcriber = new(() => SphinxTranscriber.Create());

    /// <summary>Created on first use, so that a skipped test never loads the library.</summary>
    public SphinxTranscriber Transcriber => _transcriber.Value;

    public void Dispose()
    {
        if (_transcriber.IsValueCreated)
        {
            _transcriber.Value.Dispose();
        }
    }
}
