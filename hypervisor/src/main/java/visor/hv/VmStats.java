package visor.hv;

/** Per-VM counters for `vml` and `info` (design.md §3). */
public record VmStats(long pages, long savedPc, long wfx, long hvc, long sysreg, long pf, long mmio,
                      long instructions, long virqs) {
}
