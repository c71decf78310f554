using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(ActorRuntime.Benchmarks.GetBackgroundPageBenchmarks).Assembly).Run(args);
