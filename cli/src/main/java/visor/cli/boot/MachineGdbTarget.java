package visor.cli.boot;

import java.util.function.IntConsumer;
import java.util.function.Supplier;
import visor.cli.gdb.GdbTarget;
import visor.cpu.Cpu;
import visor.cpu.debug.Debugger;
import visor.soc.Raspi3Machine;

/** The bare machine for the gdb stub: one thread per core, all stopped and resumed together. */
final class MachineGdbTarget implements GdbTarget {
    private final Raspi3Machine machine;
    private final java.util.function.UnaryOperator<String> monitor;
    private IntConsumer listener;
    private final IntConsumer forward = core -> {
        IntConsumer l = listener;
        if (l != null) {
            l.accept(core);
        }
    };

    /** @param monitor runs a monitor command line and returns its output (gdb's {@code monitor}) */
    MachineGdbTarget(Raspi3Machine machine, java.util.function.UnaryOperator<String> monitor) {
        this.machine = machine;
        this.monitor = monitor;
        machine.addDebugStopListener(forward);
    }

    @Override
    public String name() {
        return "the machine";
    }

    @Override
    public int threads() {
        return machine.cores();
    }

    @Override
    public Cpu cpu(int t) {
        return machine.core(t);
    }

    @Override
    public boolean guest() {
        return false;
    }

    @Override
    public <T> T onTarget(Supplier<T> action) {
        return machine.onMachineThread(action);
    }

    @Override
    public Debugger debugger(int t) {
        return machine.debugger(t);
    }

    @Override
    public void onStop(IntConsumer l) {
        listener = l;
    }

    @Override
    public void halt() {
        machine.debugHalt();
    }

    @Override
    public boolean halted() {
        return machine.debugHalted();
    }

    @Override
    public void resume() {
        machine.debugContinue();
    }

    @Override
    public void step(int t) {
        machine.debugStep(t);
    }

    @Override
    public String threadState(int t) {
        return !machine.started(t) || machine.core(t).waitingFor() != null ? "halted" : "running";
    }

    @Override
    public void detach() {
        machine.detachDebuggers();
        machine.debugContinue();
    }

    @Override
    public String monitor(String command) {
        return monitor.apply(command);
    }

    @Override
    public void close() {
        machine.removeDebugStopListener(forward);
    }

    @Override
    public void kill() {
        machine.detachDebuggers();
        machine.stop();
        machine.debugContinue();
    }
}
