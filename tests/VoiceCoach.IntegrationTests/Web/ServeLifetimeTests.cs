using Xunit.Abstractions;

namespace VoiceCoach.IntegrationTests.Web;

/// <summary>`voicecoach serve` as a process: how it ends.</summary>
public sealed class ServeLifetimeTests : IDisposable
{
    private readonly ITestOutputHelper _output;
    private readonly string _work = Directory.CreateTempSubdirectory("vc-serve-life-").FullName;

    public ServeLifetimeTests(ITestOutputHelper output)
    {
        _output = output;
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public void Serve_Sigterm_StopsServingAndExits0()
    {
        using var server = ServeProcess.Start(_work, _output);

        // Generous: the process may be loading the semantic layer in the background on a busy machine.
        var code = server.Terminate(TimeSpan.FromSeconds(120));

        Assert.Equal(0, code);
    }
}
