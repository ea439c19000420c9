using System.Reflection;

namespace VoiceCoach.IntegrationTests.Cli;

/// <summary>Where the real `voicecoach` is, for tests that run it as a process.</summary>
internal static class CliBuild
{
    /// <summary>
    /// The CLI from its own build output. The copy beside the tests cannot run on its own: this project references
    /// ASP.NET Core (loopback servers), so the build leaves out the Microsoft.Extensions assemblies that framework
    /// carries, and voicecoach.runtimeconfig.json does not name it (a fresh clone failed with FileNotFoundException).
    /// </summary>
    public static string Dll()
    {
        var path = typeof(CliBuild).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "VoiceCoachCliDll").Value!;
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path}: the CLI's build output is missing; build VoiceCoach.sln first", path);
    }

    public static string DotnetHost() => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
}
