using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ActorRuntime.Scripting;

/// <summary>
/// CPU time the calling thread has used, so a script's budget counts the work it did, not the time the machine
/// spent on other processes while the thread waited for a core. Where the platform offers no per-thread clock,
/// falls back to elapsed time.
/// </summary>
internal static partial class ThreadCpuClock
{
    private const int LinuxThreadCpuClock = 3;   // CLOCK_THREAD_CPUTIME_ID
    private const int MacThreadCpuClock = 16;    // CLOCK_THREAD_CPUTIME_ID

    private static readonly int ClockId = OperatingSystem.IsLinux() ? LinuxThreadCpuClock
        : OperatingSystem.IsMacOS() ? MacThreadCpuClock
        : -1;

    /// <summary>True when <see cref="Now"/> measures the thread's CPU time, false when it falls back to elapsed time.</summary>
    public static bool MeasuresCpu { get; } = Probe();

    /// <summary>The calling thread's CPU time, in <see cref="Stopwatch"/> ticks.</summary>
    public static long Now()
    {
        if (MeasuresCpu)
        {
            if (OperatingSystem.IsWindows())
            {
                GetThreadTimes(GetCurrentThread(), out _, out _, out var kernel, out var user);
                // In 100 ns units; scaled as a double so a long-lived thread's total cannot overflow.
                return (long)((kernel + user) * (Stopwatch.Frequency / 10_000_000.0));
            }
            clock_gettime(ClockId, out var time);
            return time.Seconds * Stopwatch.Frequency + time.Nanoseconds * Stopwatch.Frequency / 1_000_000_000;
        }
        return Stopwatch.GetTimestamp();
    }

    private static bool Probe()
    {
        try
        {
            if (OperatingSystem.IsWindows()) return GetThreadTimes(GetCurrentThread(), out _, out _, out _, out _);
            return ClockId >= 0 && clock_gettime(ClockId, out _) == 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int clock_gettime(int clockId, out TimeSpec time);

    [LibraryImport("kernel32.dll")]
    private static partial IntPtr GetCurrentThread();

    [LibraryImport("kernel32.dll")]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool GetThreadTimes(IntPtr thread, out long creation, out long exit, out long kernel, out long user);
}
