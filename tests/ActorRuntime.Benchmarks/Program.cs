using ActorRuntime.Benchmarks.Soak;
using BenchmarkDotNet.Running;

// "soak" runs the on-demand soak test and prints its own report; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "soak") return await SoakCommand.RunAsync(args[1..]);
// "peers" measures ActorRuntime side by side with its peers and writes docs/peer-benchmarks.md; "peer" is one of its processes.
if (args.Length > 0 && args[0] == "peers") return await ActorRuntime.Benchmarks.Peers.PeersCommand.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == "peer") return await ActorRuntime.Benchmarks.Peers.PeersCommand.RunOneAsync(args[1..]);
var summaries = BenchmarkSwitcher.FromAssembly(typeof(ActorRuntime.Benchmarks.GetBackgroundPageBenchmarks).Assembly).Run(args);
// The page benchmarks' peer (jsdom) runs right after them, in the same run.
ActorRuntime.Benchmarks.PeerComparison.Print(summaries);
return 0;
