using System.Diagnostics;
using VoiceCoach.Core.Companies;
using VoiceCoach.Core.Grading;
using VoiceCoach.Core.Questions;
using VoiceCoach.Core.Sessions;

namespace VoiceCoach.Grading;

/// <summary>
/// Grades a list of answers with an <see cref="IAnswerGrader"/> and assesses the session.
/// Takes a <see cref="TimeProvider"/> for the session date; no clock of its own.
/// </summary>
public sealed class SessionGrader
{
    private readonly IAnswerGrader _grader;
    private readonly SessionAssessor _assessor;
    private readonly CompanyPack _company;
    private readonly TimeProvider _time;

    public SessionGrader(IAnswerGrader grader, RubricSettings rubric, CompanyPack company, TimeProvider time)
    {
        _grader = grader;
        _assessor = new SessionAssessor(rubric, company);
        _company = company;
        _time = time;
    }

    /// <summary>Name of the grader for the report header.</summary>
    public string GraderName { get; init; } = "VoiceCoach rubric (deterministic)";

    /// <summary>Writes the session overview after the answers are graded; null for none (rubric only).</summary>
    public ISessionReviewer? Reviewer { get; init; }

    public async Task<GradedSession> GradeAsync(string sessionId, IReadOnlyList<AnswerToGrade> answers, CancellationToken cancellationToken)
    {
        var sw = Stopwatch.StartNew();
        var graded = new List<GradedAnswer>(answers.Count);
        foreach (var a in answers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            graded.Add(await _grader.GradeAsync(a, cancellationToken));
        }

        sw.Stop();
        return await ReviewAsync(Assemble(sessionId, graded, sw.Elapsed), cancellationToken);
    }

    /// <summary>
    /// Assesses answers already graded one by one (a practice session grades each answer in the background as
    /// soon as it is transcribed) and builds the session; <paramref name="gradingTime"/> goes into the timings.
    /// </summary>
    public GradedSession Assemble(string sessionId, IReadOnlyList<GradedAnswer> graded, TimeSpan gradingTime)
    {
        ArgumentNullException.ThrowIfNull(graded);
        var sw = Stopwatch.StartNew();
        var answers = graded.Select(g => g.Answer).ToList();
        var summary = _assessor.Assess(graded, answers.Count);
        sw.Stop();
        var notices = new List<string>();
        if (graded.Any(g => g.Answer.TimingEstimated))
        {
            notices.Add("Some answers were typed transcripts: their timings (STAR seconds, pace) are estimated from the stated duration.");
        }

        var llmDown = graded.Where(g => g.Llm is { Status: LlmReview.Fallback }).ToList();
        if (llmDown.Count > 0)
        {
            // One clause per distinct reason, so "Q1 timed out; Q2–Q5 skipped (circuit open)" reads as what happened.
            var byReason = llmDown.GroupBy(g => g.Llm!.Reason).Select(r => $"{string.Join(", ", r.Select(g => $"Q{g.Answer.Index}"))}: {r.Key}");
            var all = llmDown.Count == graded.Count ? "every answer" : "some answers";
            notices.Add($"The LLM reviewer was unavailable for {all} ({string.Join("; ", byReason)}). Those answers carry the rubric's grade and feedback only.");
        }

        var session = new GradedSession
        {
            Id = sessionId,
            Date = _time.GetLocalNow(),
            Company = _company.Id,
            CompanyName = _company.Name,
            SessionType = SessionTypeOf(answers),
            Engines = answers.Select(a => a.Transcript.Engine).Distinct().ToList(),
            Grader = GraderName,
            Answers = graded,
            Summary = summary,
            Notices = notices,
            Timings = new Dictionary<string, double> { ["grading_ms"] = Math.Round((gradingTime + sw.Elapsed).TotalMilliseconds, 2) },
        };
        return session;
    }

    /// <summary>
    /// Adds the <see cref="Reviewer"/>'s overview to an assembled session (unchanged when there is no reviewer);
    /// an unavailable reviewer becomes a notice in the header, never an exception.
    /// </summary>
    public async Task<GradedSession> ReviewAsync(GradedSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (Reviewer is null)
        {
            return session;
        }

        var review = await Reviewer.ReviewAsync(session, cancellationToken);
        var notices = session.Notices.ToList();
        if (review.Status != LlmReview.Ok)
        {
            notices.Add($"The LLM reviewer could not write the session overview ({review.Reason}).");
        }

        return session with { Review = review, Notices = notices };
    }

    private static string SessionTypeOf(IReadOnlyList<AnswerToGrade> answers)
    {
        var round = answers.GroupBy(a => a.Question.Round).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault() ?? Rounds.Recruiter;
        var name = round switch
        {
            Rounds.Recruiter => "Recruiter Interview",
            Rounds.Behavioral => "Behavioral Interview",
            Rounds.Technical => "Technical Interview",
            Rounds.SystemDesign => "System Design Interview",
            Rounds.Coding => "Coding Interview",
            _ => "Interview",
        };
        return name + " Practice";
    }
}
