using VoiceCoach.Core.Prompts;
using VoiceCoach.Core.Transcription;
using VoiceCoach.Practice;

namespace VoiceCoach.Tests.Practice;

public sealed class PracticeStateTests
{
    [Fact]
    public void WriteRead_FullState_RoundTripsPlanStatusTranscriptAndVoice()
    {
        var transcript = new Transcript("engine", [new TranscriptSegment(TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1.5), "hello there", [
            new TimedWord("hello", TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(0.9), 0.8),
            new TimedWord("there", TimeSpan.FromSeconds(1.0), TimeSpan.FromSeconds(1.5)),
        ])]);
        var state = new PracticeState { Id = "s", Round = "recruiter", Started = new DateTimeOffset(2026, 11, 22, 19, 30, 0, TimeSpan.Zero) };
        state.Items.Add(new PracticeItem
        {
            Id = "q01",
            QuestionId = "netflix-x",
            Text = "Why?",
            Status = PracticeStatus.Transcribed,
            Audio = "answers/q01.wav",
            EarlierTakes = ["answers/q01.take1.wav"],
            DurationS = 3.5,
            SpeechEndS = 1.6,
            EndedBy = "silence",
            Transcript = PracticeTranscript.From(transcript),
            Voice = new PracticeVoice { HasSpeech = true, SpokenStart = 0.4, SpokenEnd = 1.6, Pauses = 1, PauseS = 0.1, LongestPauseS = 0.1 },
        });
        state.Items.Add(new PracticeItem { Id = "q01f1", QuestionId = "netflix-x", Text = "And then?", FollowUpOf = "q01" });
        using var stream = new MemoryStream();

        state.Write(stream);
        stream.Position = 0;
        var read = PracticeState.Read(stream, "practice.json");

        Assert.Equal(2, read.Items.Count);
        Assert.Equal(state.Started, read.Started);
        var item = read.Items[0];
        Assert.Equal(PracticeStatus.Transcribed, item.Status);
        Assert.Equal(["answers/q01.take1.wav"], item.EarlierTakes);
        Assert.Equal(transcript.Text, item.Transcript!.ToTranscript().Text);
        Assert.Equal(transcript.Words, item.Transcript.ToTranscript().Words);
        Assert.Equal(TimeSpan.FromSeconds(1.2), item.Voice!.ToVoiceActivity()!.Spoken);
        Assert.Equal("q01", read.Items[1].FollowUpOf);
        Assert.Same(read.Items[1], read.NextPending());
    }

    [Fact]
    public void Read_NotAPracticeFile_ThrowsNamingTheFile()
    {
        using var stream = new MemoryStream("{\"answers\": []}"u8.ToArray());

        var e = Assert.Throws<PromptFileException>(() => PracticeState.Read(stream, "sessions/x/practice.json"));

        Assert.Contains("sessions/x/practice.json", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NewerVersion_RefusesNamingTheVersion()
    {
        using var stream = new MemoryStream("{\"version\": 99, \"id\": \"s\", \"items\": [{\"id\": \"q01\", \"text\": \"Why?\"}]}"u8.ToArray());

        var e = Assert.ThrowsAny<Exception>(() => PracticeState.Read(stream, "sessions/x/practice.json"));

        Assert.Contains("sessions/x/practice.json", e.Message, StringComparison.Ordinal);
        Assert.Contains("version 99", e.Message, StringComparison.Ordinal);
    }
}
