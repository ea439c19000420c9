using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;

namespace VoiceCoach.Llm;

/// <summary>
/// Times each grading function, outermost, so the time includes a repair and every retry: the result
/// carries it (the report's latency_ms) and the log says what each call cost, or after how long it
/// failed. Runs on the <see cref="TimeProvider"/> given. Thread-safe.
/// </summary>
internal sealed class TimingFilter(TimeProvider time, ILogger log) : IFunctionInvocationFilter
{
    public async Task OnFunctionInvocationAsync(FunctionInvocationContext context, Func<FunctionInvocationContext, Task> next)
    {
        var start = time.GetTimestamp();
        try
        {
            await next(context);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log.LogWarning("LLM function {Function} failed after {ElapsedMs} ms: {Problem}", context.Function.Name, Ms(time.GetElapsedTime(start)), LlmFailure.Describe(ex));
            throw;
        }

        var elapsed = time.GetElapsedTime(start);
        if (context.Result.GetValue<object>() is StructuredReply reply)
        {
            context.Result = new FunctionResult(context.Result, reply with { Latency = elapsed });
            log.LogInformation("LLM function {Function} answered in {LatencyMs} ms ({Attempts} chat call(s), model {Model})", context.Function.Name, Ms(elapsed), reply.Attempts, reply.Model);
        }
    }

    private static string Ms(TimeSpan t) => Math.Round(t.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
}
