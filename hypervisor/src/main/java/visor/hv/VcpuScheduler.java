package visor.hv;

import java.util.ArrayList;
import java.util.List;

/**
 * Round-robin choice of the next VM for the physical core: each RUNNING VM in turn gets a quantum;
 * WAITING VMs are skipped until the hypervisor wakes them.
 */
public final class VcpuScheduler {
    private final List<Vm> vms = new ArrayList<>();
    private int cursor = -1;

    public void add(Vm vm) {
        vms.add(vm);
    }

    public void remove(Vm vm) {
        int i = vms.indexOf(vm);
        if (i >= 0) {
            vms.remove(i);
            if (cursor >= i) {
                cursor--;
            }
        }
    }

    /** The RUNNING VM after the last one picked, or null when none is runnable. */
    public Vm next() {
        int n = vms.size();
        for (int k = 1; k <= n; k++) {
            int i = Math.floorMod(cursor + k, n);
            Vm vm = vms.get(i);
            if (vm.state() == VmState.RUNNING) {
                cursor = i;
                return vm;
            }
        }
        return null;
    }

    public List<Vm> vms() {
        return vms;
    }
}
