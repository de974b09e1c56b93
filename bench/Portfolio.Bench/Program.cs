using BenchmarkDotNet.Running;
using Portfolio.Bench;

var command = args.Length > 0 ? args[0] : "help";
var rest = new Args(args.Skip(1).ToArray());
return command switch
{
    "replay" => ReplayDriver.Run(rest),
    "bdn" => RunBdn(args.Skip(1).ToArray()),
    "crosscheck" => CrossCheck.Run(rest),
    "export-crosscheck" => ExportCrossCheck.Run(rest),
    "export-speed" => ExportSpeed.Run(rest),
    "booking-speed" => BookingSpeed.Run(rest),
    "price-size" => PriceStorageSize.Run(rest),
    _ => Help(),
};

static int RunBdn(string[] bdnArgs)
{
    BenchmarkSwitcher.FromAssembly(typeof(ReplayBenchmarks).Assembly).Run(bdnArgs);
    return 0;
}

static int Help()
{
    Console.WriteLine("""
        Portfolio.Bench commands:
          replay [--transactions N] [--symbols S] [--seed X] [--runs R] [--warmup W] [--only all|split|big|taxable] [--through ledger|state]
          bdn [BenchmarkDotNet args, e.g. --filter '*']
          crosscheck [--ledgers N] [--trades T] [--symbols S] [--seed X] [--same-date-lots] [--keep DIR] [--short]
          export-crosscheck [--ledgers N] [--from K] [--only FifoIra|LifoIra|FifoTaxable|LifoTaxable|HifoTaxable] [--trades T] [--symbols S] [--seed X] [--keep DIR] [--short]
          export-speed [--transactions N] [--symbols S] [--seed X]
          booking-speed [--trades N] [--symbols S] [--seed X] [--keep DIR]
          price-size [--symbols S] [--retention-days D] [--runs R]
        """);
    return 2;
}
