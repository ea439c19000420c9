using VoiceCoach.Audio.Speech;
using VoiceCoach.Core.Transcription;
using VoiceCoach.Speech.Adaptation;
using VoiceCoach.Speech.Sphinx;

namespace VoiceCoach.IntegrationTests.Speech;

/// <summary>
/// Enrollment end to end with the real tools: espeak-ng reads twenty of the enrollment sentences, SphinxTrain adapts
/// PocketSphinx to it, and two sentences the enrollment never had are then heard better with the profile than without.
/// </summary>
public sealed class VoiceAdapterTests : IDisposable
{
    private static readonly string[] NewSentences =
    [
        "I rebuilt the ranking service so that every team could test their own models.",
        "The launch slipped by a week, but the new cache cut the latency by a third.",
    ];

    private readonly string _profile = Directory.CreateTempSubdirectory("vc-enroll-it-").FullName;

    public void Dispose() => Directory.Delete(_profile, recursive: true);

    [SphinxTrainFact]
    public async Task AdaptAsync_EspeakReadsTheScript_ProfileHearsNewSentencesBetterThanTheShippedModel()
    {
        // Arrange
        var speaker = SpeechSynthesizers.Create(EspeakSynthesizer.EngineName);
        var recordings = new List<EnrollmentRecording>();
        foreach (var sentence in EnrollmentScript.GeneralSentences().Take(20))
        {
            recordings.Add(new EnrollmentRecording(sentence, await speaker.SynthesizeAsync(sentence)));
        }

        // Act
        var profile = await VoiceAdapter.AdaptAsync(recordings, new SphinxOptions(), _profile, DateTimeOffset.UnixEpoch, null, CancellationToken.None);
        using var shipped = SphinxTranscriber.Create();
        using var adapted = SphinxTranscriber.Create(new SphinxOptions { VoiceProfile = VoiceProfile.Load(_profile) });
        var before = WordErrors.None;
        var after = WordErrors.None;
        foreach (var sentence in NewSentences)
        {
            var clip = await speaker.SynthesizeAsync(sentence);
            before += WordErrorRate.Compute(sentence, (await shipped.TranscribeAsync(clip, CancellationToken.None)).Text);
            after += WordErrorRate.Compute(sentence, (await adapted.TranscribeAsync(clip, CancellationToken.None)).Text);
        }

        // Assert
        Assert.True(profile.Aligned >= 10, $"{profile.Aligned} of 20 sentences aligned");
        Assert.NotNull(profile.AdaptedModel);
        Assert.True(File.Exists(Path.Combine(_profile, "enrollment", "020.wav")), "the enrollment recordings are kept in the profile");
        Assert.Contains("voice profile", adapted.EngineName, StringComparison.Ordinal);
        Assert.True(after.Rate < before.Rate, $"WER without the profile {before.Rate:P1}, with it {after.Rate:P1}");
    }

    [SphinxTrainFact]
    public async Task AdaptAsync_RecordingsThatDoNotMatchTheirSentences_RefusedAndNoProfileWritten()
    {
        // Arrange: every recording says something else than its sentence.
        var speaker = SpeechSynthesizers.Create(EspeakSynthesizer.EngineName);
        var sentences = EnrollmentScript.GeneralSentences().Take(6).ToList();
        var recordings = new List<EnrollmentRecording>();
        for (var i = 0; i < sentences.Count; i++)
        {
            recordings.Add(new EnrollmentRecording(sentences[i], await speaker.SynthesizeAsync(sentences[(i + 3) % sentences.Count])));
        }

        // Act
        var error = await Assert.ThrowsAsync<VoiceAdaptationException>(() =>
            VoiceAdapter.AdaptAsync(recordings, new SphinxOptions(), _profile, DateTimeOffset.UnixEpoch, null, CancellationToken.None));

        // Assert
        Assert.Contains("matched their sentences", error.Message, StringComparison.Ordinal);
        Assert.False(VoiceProfile.Exists(_profile));
    }
}
