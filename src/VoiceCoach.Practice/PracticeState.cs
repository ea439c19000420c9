using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Prompts;
using VoiceCoach.Core.Transcription;

namespace VoiceCoach.Practice;

/// <summary>Where an answer of a practice session stands.</summary>
public static class PracticeStatus
{
    /// <summary>Not asked yet (or to be asked again after an interruption).</summary>
    public const string Pending = "pending";

    /// <summary>Being recorded: if the state file says so after a crash, the take was interrupted.</summary>
    public const string Recording = "recording";

    /// <summary>Audio complete on disk; transcript not stored yet.</summary>
    public const string Recorded = "recorded";

    /// <summary>Audio and transcript stored.</summary>
    public const string Transcribed = "transcribed";

    /// <summary>Skipped by the candidate; not graded.</summary>
    public const string Skipped = "skipped";
}

/// <summary>
/// The state of a practice session as kept in its folder (practice.json): the plan of questions and where each
/// answer stands. Written after every change, so a session interrupted by a crash, power loss or <c>q</c> can be
/// resumed. Mutable; owned by one session runner (callers serialise access).
/// </summary>
public sealed class PracticeState
{
    /// <summary>The file name in the session folder.</summary>
    public const string FileName = "practice.json";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The format version this build writes and reads.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Format version of the file.</summary>
    public int Version { get; set; } = CurrentVersion;

    /// <summary>Session id (the folder name by default), e.g. 2026-11-22-1930-00.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>Company pack id.</summary>
    public string Company { get; set; } = "netflix";

    /// <summary>The round asked for, or "manifest"/"mixed".</summary>
    public string Round { get; set; } = "recruiter";

    /// <summary>When the session started.</summary>
    public DateTimeOffset Started { get; set; }

    /// <summary>True once the final report was written with every answer.</summary>
    public bool Finished { get; set; }

    /// <summary>The questions in the order they are asked; follow-ups are inserted after their parent.</summary>
    public List<PracticeItem> Items { get; set; } = [];

    /// <summary>Reads a state file.</summary>
    /// <exception cref="PromptFileException">Not a practice.json, or one of a version this build does not read.</exception>
    public static PracticeState Read(Stream stream, string name)
    {
        PracticeState? state;
        try
        {
            state = JsonSerializer.Deserialize<PracticeState>(stream, Json);
        }
        catch (JsonException ex)
        {
            throw new PromptFileException(name, (ex.LineNumber ?? -1) + 1, (ex.BytePositionInLine ?? -1) + 1, string.Empty, $"not a valid practice.json: {ex.Message.Split('.')[0]}", ex);
        }

        if (state is null || state.Items.Count == 0)
        {
            throw new PromptFileException(name, 0, "items", "is missing or empty; this is not a VoiceCoach practice.json");
        }

        // A newer file may hold states or fields this build would drop when it rewrites the file: refuse rather than lose them.
        return state.Version switch
        {
            > CurrentVersion => throw new PromptFileException(name, 0, string.Empty, string.Create(CultureInfo.InvariantCulture, $"version {state.Version} is newer than this VoiceCoach reads (version {CurrentVersion}); continue the session with the VoiceCoach that started it, or start a new one")),
            < 1 => throw new PromptFileException(name, 0, string.Empty, string.Create(CultureInfo.InvariantCulture, $"version {state.Version} is not a practice.json version (this VoiceCoach reads version {CurrentVersion})")),
            _ => state,
        };
    }

    /// <summary>Writes the state as JSON (UTF-8).</summary>
    public void Write(Stream stream) => JsonSerializer.Serialize(stream, this, Json);

    /// <summary>The item with this id, or null.</summary>
    public PracticeItem? Find(string id) => Items.FirstOrDefault(i => i.Id == id);

    /// <summary>The next item to ask, or null when every item is answered or skipped.</summary>
    public PracticeItem? NextPending() => Items.FirstOrDefault(i => i.Status is PracticeStatus.Pending or PracticeStatus.Recording);
}

/// <summary>One question of a practice session and its answer.</summary>
public sealed class PracticeItem
{
    /// <summary>Stable id inside the session: q01, q02, … and q01f1 for the first follow-up of q01.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>Bank question id (for a follow-up: the parent's id).</summary>
    public string QuestionId { get; set; } = string.Empty;

    /// <summary>The question as asked.</summary>
    public string Text { get; set; } = string.Empty;

    /// <summary>For a follow-up: the id of the item it follows; null for a main question.</summary>
    public string? FollowUpOf { get; set; }

    /// <summary>One of <see cref="PracticeStatus"/>.</summary>
    public string Status { get; set; } = PracticeStatus.Pending;

    /// <summary>For <c>--from</c>: the recording that answers this question.</summary>
    public string? SourceFile { get; set; }

    /// <summary>The answer's audio, relative to the session folder (answers/q01.wav).</summary>
    public string? Audio { get; set; }

    /// <summary>Earlier takes kept on disk (redone or interrupted), relative to the session folder.</summary>
    public List<string> EarlierTakes { get; set; } = [];

    /// <summary>Length of the recorded answer in seconds.</summary>
    public double? DurationS { get; set; }

    /// <summary>Where the answer began in the capture stream (seconds since capture started).</summary>
    public double? StreamStartS { get; set; }

    /// <summary>How the answer ended: key, silence, source, quit or limit.</summary>
    public string? EndedBy { get; set; }

    /// <summary>When the last speech stopped, seconds from the start of the answer (VAD), if speech was heard.</summary>
    public double? SpeechEndS { get; set; }

    /// <summary>The transcript, once done.</summary>
    public PracticeTranscript? Transcript { get; set; }

    /// <summary>Voice activity of the answer, once measured.</summary>
    public PracticeVoice? Voice { get; set; }
}

/// <summary>A stored transcript: engine and words with times.</summary>
public sealed class PracticeTranscript
{
    /// <summary>The engine that produced it.</summary>
    public string Engine { get; set; } = string.Empty;

    /// <summary>Segments with their words.</summary>
    public List<List<PracticeWord>> Segments { get; set; } = [];

    /// <summary>From a transcript.</summary>
    public static PracticeTranscript From(Transcript t) => new()
    {
        Engine = t.Engine,
        Segments = t.Segments.Select(s => s.Words.Select(w => new PracticeWord { W = w.Text, Start = w.Start.TotalSeconds, End = w.End.TotalSeconds, P = w.Confidence }).ToList()).ToList(),
    };

    /// <summary>Back to a transcript.</summary>
    public Transcript ToTranscript() => new(
        Engine,
        Segments.Where(s => s.Count > 0).Select(s =>
        {
            var words = s.Select(w => new TimedWord(w.W, TimeSpan.FromSeconds(w.Start), TimeSpan.FromSeconds(w.End), w.P)).ToList();
            return new TranscriptSegment(words[0].Start, words[^1].End, string.Join(' ', words.Select(w => w.Text)), words);
        }).ToList());
}

/// <summary>A stored word.</summary>
public sealed class PracticeWord
{
    /// <summary>The word.</summary>
    public string W { get; set; } = string.Empty;

    /// <summary>Start in seconds.</summary>
    public double Start { get; set; }

    /// <summary>End in seconds.</summary>
    public double End { get; set; }

    /// <summary>Confidence, when the engine gives one.</summary>
    public double? P { get; set; }
}

/// <summary>Stored voice activity (see <see cref="VoiceActivity"/>); null spoken span when no speech was heard.</summary>
public sealed class PracticeVoice
{
    /// <summary>True when speech was heard.</summary>
    public bool HasSpeech { get; set; }

    /// <summary>Start of speech, seconds.</summary>
    public double SpokenStart { get; set; }

    /// <summary>End of speech, seconds.</summary>
    public double SpokenEnd { get; set; }

    /// <summary>Pauses between speech.</summary>
    public int Pauses { get; set; }

    /// <summary>Total pause time, seconds.</summary>
    public double PauseS { get; set; }

    /// <summary>Longest pause, seconds.</summary>
    public double LongestPauseS { get; set; }

    /// <summary>Pauses over the long-pause limit.</summary>
    public int LongPauses { get; set; }

    /// <summary>As the grader takes it; <see cref="VoiceActivity.Silent"/> when no speech was heard.</summary>
    public VoiceActivity ToVoiceActivity() => HasSpeech
        ? new VoiceActivity(TimeSpan.FromSeconds(SpokenStart), TimeSpan.FromSeconds(SpokenEnd), Pauses, PauseS, LongestPauseS, LongPauses)
        : VoiceActivity.Silent;
}
