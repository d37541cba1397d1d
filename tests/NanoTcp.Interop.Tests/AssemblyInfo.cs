using Xunit;

// Each interop test owns a namespace, so they could run in parallel, but the machine has two
// cores and the bulk transfers would then measure each other: one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
