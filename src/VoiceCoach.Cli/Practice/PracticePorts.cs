using VoiceCoach.Core.Audio;
using VoiceCoach.Core.Questions;

namespace VoiceCoach.Cli.Practice;

/// <summary>A key the candidate pressed during an answer.</summary>
internal enum PracticeKey
{
    /// <summary>Nothing pressed.</summary>
    None,

    /// <summary>Space or Enter: the answer is finished.</summary>
    Finish,

    /// <summary>r: discard this take (kept on disk) and answer again.</summary>
    Redo,

    /// <summary>s: skip the question.</summary>
    Skip,

    /// <summary>p: pause or resume recording.</summary>
    Pause,

    /// <summary>q: stop the session; what was recorded is kept.</summary>
    Quit,
}

/// <summary>The keyboard, polled without blocking.</summary>
internal interface IPracticeKeys
{
    /// <summary>The next key pressed, or <see cref="PracticeKey.None"/>.</summary>
    PracticeKey Poll();
}

/// <summary>What the live screen shows while an answer is recorded.</summary>
internal sealed record LiveStatus
{
    public required string Label { get; init; }

    public required string Question { get; init; }

    public required TimeSpan Elapsed { get; init; }

    public required (double Min, double Max) Target { get; init; }

    public required AudioLevel Level { get; init; }

    /// <summary>The VAD hears speech right now.</summary>
    public required bool SpeechNow { get; init; }

    /// <summary>Enough speech was heard for the answer to count (and, hands-free, for silence to end it).</summary>
    public required bool SpeechHeard { get; init; }

    /// <summary>Silence since the last speech (zero while speaking).</summary>
    public required TimeSpan Silence { get; init; }

    public required TimeSpan SilenceLimit { get; init; }

    public required bool HandsFree { get; init; }

    public required bool Paused { get; init; }

    /// <summary>Earlier answers still being transcribed or graded in the background.</summary>
    public required int Background { get; init; }

    /// <summary>A problem to show (e.g. a silent microphone), or null.</summary>
    public string? Warning { get; init; }
}

/// <summary>The session as the candidate sees it. The console implementation is <see cref="PracticeScreen"/>.</summary>
internal interface IPracticeView
{
    void Intro(string title, IReadOnlyList<string> lines);

    /// <summary>Shows a question: main question <paramref name="number"/> of <paramref name="total"/> (a follow-up carries its parent's number).</summary>
    void Question(int number, int total, string label, Question question, string text);

    /// <summary>The cue before recording: a short countdown (steps of <paramref name="step"/>), or "speak now".</summary>
    Task CueAsync(bool countdown, TimeSpan step, CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="record"/>, showing every status it reports (the view throttles redraws).</summary>
    Task<T> LiveAsync<T>(Func<Action<LiveStatus>, Task<T>> record);

    void Line(string markup);
}
