package visor.cli.host;

import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import visor.cli.gdb.GdbTarget;
import visor.cpu.Cpu;
import visor.cpu.debug.Debugger;
import visor.hv.Hypervisor;
import visor.hv.Vm;
import visor.hv.VmState;

/**
 * One VM's vCPU for the gdb stub: one thread, guest virtual memory at EL1 and IPAs, its EL1 registers.
 * Halting it pauses the VM (its time frozen); the other VMs keep their turns on the core.
 */
final class VmGdbTarget implements GdbTarget {
    private final Hypervisor hv;
    private final Vm vm;
    private volatile IntConsumer listener;
    private final Consumer<Vm> forward;
    private final visor.cli.console.CommandTable monitor = new visor.cli.console.CommandTable();
    private final StringBuilder monitorOutput = new StringBuilder();

    /** @param target the monitor's view of the VM, for gdb's {@code monitor} commands */
    VmGdbTarget(Hypervisor hv, Vm vm, visor.cli.monitor.MonitorTarget target) {
        this.hv = hv;
        this.vm = vm;
        monitor.add("help", "help", "list the commands", a -> monitorOutput.append(monitor.help()));
        visor.cli.monitor.CpuCommands.addTo(monitor, () -> target, monitorOutput::append);
        this.forward = stopped -> {
            IntConsumer l = listener;
            if (stopped == vm && l != null) {
                l.accept(0);
            }
        };
        hv.addDebugStopListener(forward);
    }

    @Override
    public synchronized String monitor(String command) {
        monitorOutput.setLength(0);
        monitor.execute(command, monitorOutput::append);
        return monitorOutput.toString();
    }

    @Override
    public void close() {
        hv.removeDebugStopListener(forward);
    }

    @Override
    public String name() {
        return "VM " + vm.id() + " '" + vm.name() + "'";
    }

    @Override
    public int threads() {
        return 1;
    }

    @Override
    public Cpu cpu(int t) {
        return vm.vcpu();
    }

    @Override
    public boolean guest() {
        return true;
    }

    @Override
    public <T> T onTarget(Supplier<T> action) {
        return hv.onMachineThread(action);
    }

    @Override
    public Debugger debugger(int t) {
        return hv.debugger(vm);
    }

    @Override
    public void onStop(IntConsumer l) {
        listener = l;
    }

    @Override
    public void halt() {
        if (vm.state().schedulable()) {
            hv.pause(vm);
        }
    }

    @Override
    public boolean halted() {
        return !vm.state().schedulable();
    }

    @Override
    public void resume() {
        requirePaused();
        hv.resume(vm);
    }

    @Override
    public void step(int t) {
        requirePaused();
        hv.step(vm);
    }

    private void requirePaused() {
        if (vm.state() != VmState.PAUSED) {
            throw new IllegalStateException(name() + " is " + vm.state().name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    @Override
    public String threadState(int t) {
        return vm.vcpu().waitingFor() != null ? "halted" : "running";
    }

    @Override
    public void detach() {
        hv.detachDebugger(vm);
        if (vm.state() == VmState.PAUSED) {
            hv.resume(vm);
        }
    }

    @Override
    public void kill() {
        hv.detachDebugger(vm);
        hv.stop(vm);
    }
}
