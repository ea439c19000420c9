using VoiceCoach.Core.Transcription;

namespace VoiceCoach.Speech.Evaluation;

/// <summary>How one clip was transcribed.</summary>
/// <param name="Case">The clip and its reference.</param>
/// <param name="Hypothesis">What the transcriber heard.</param>
/// <param name="Errors">Word errors of <paramref name="Hypothesis"/> against the reference.</param>
/// <param name="AudioDuration">Length of the clip.</param>
/// <param name="Elapsed">Time spent in <c>ITranscriber.TranscribeAsync</c> (loading the file not included).</param>
/// <param name="Terms">Key phrases and fillers kept, when the evaluation was given <see cref="EvaluationTerms"/>.</param>
/// <param name="Words">Heard words with their confidence and whether they are right (engines that give confidences).</param>
public sealed record ClipEvaluation(
    TranscriptionCase Case,
    string Hypothesis,
    WordErrors Errors,
    TimeSpan AudioDuration,
    TimeSpan Elapsed,
    TermRecall? Terms = null,
    IReadOnlyList<ScoredWord>? Words = null);
