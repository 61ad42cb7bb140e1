// Every test here runs real qemu guests, lvm and coordinator processes: one at a time on small machines.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
