using VoiceCoach.Core.Text;

namespace VoiceCoach.Core.Questions;

/// <summary>
/// A direction-sensitive wrong claim about a question's idea, written by a coach in the bank (<c>wrong_claims:</c>):
/// one of <see cref="Says"/> said right after one of <see cref="About"/> ("overfitting … does worse on the training
/// data") states the idea backwards, where the sentence encoder sees only the right words. With no <see cref="About"/>,
/// saying it at all does ("drop position from the features"). Immutable.
/// </summary>
/// <param name="About">The subject the claim is about (phrases; empty: any context).</param>
/// <param name="Says">What is wrong to say of that subject (phrases; "*" ends a stem, for the recogniser's spellings).</param>
/// <param name="Why">The idea the right way round, for the candidate's feedback.</param>
public sealed record WrongClaim(IReadOnlyList<Phrase> About, IReadOnlyList<Phrase> Says, string Why);
