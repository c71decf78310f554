using ActorRuntime.Benchmarks.Soak;
using BenchmarkDotNet.Running;

// "soak" runs the on-demand soak test and prints its own report; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "soak") return await SoakCommand.RunAsync(args[1..]);
BenchmarkSwitcher.FromAssembly(typeof(ActorRuntime.Benchmarks.GetBackgroundPageBenchmarks).Assembly).Run(args);
return 0;
