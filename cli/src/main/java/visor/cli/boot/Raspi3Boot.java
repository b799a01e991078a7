package visor.cli.boot;

import visor.cli.trace.TraceLog;
import visor.soc.ClockMode;
import visor.soc.MachineConfig;
import visor.soc.Raspi3Machine;
import visor.soc.boot.ConfigTxt;
import visor.soc.boot.ElfImage;
import visor.soc.boot.LinuxBoot;
import visor.soc.console.ConsoleChannel;
import visor.soc.device.Framebuffer;

import java.io.IOException;

/**
 * {@code boot} on the SoC model: {@link Raspi3Machine} with the kernel where config.txt puts it (0x80000
 * by default, 0 and every core at EL3 with kernel_old=1), or Linux with its device tree.
 */
public final class Raspi3Boot implements BareMachineFactory {
    /** A raw image where config.txt says, and an initramfs at its address or right after the kernel (followkernel). */
    private static LinuxBoot rawPlan(byte[] kernel, ConfigTxt txt, byte[] initramfs) {
        long at = txt.loadAddress();
        if (initramfs == null) {
            return new LinuxBoot(kernel, at, null, 0, null, 0);
        }
        long initrdAt = txt.initramfsAddress() == ConfigTxt.FOLLOW_KERNEL
                ? (at + kernel.length + 0xFFF) & ~0xFFFL : txt.initramfsAddress();
        return new LinuxBoot(kernel, at, null, 0, initramfs, initrdAt);
    }

    @Override
    public BareMachine create(BootSpec spec) throws IOException {
        MachineConfig config = new MachineConfig(spec.ramBytes(), spec.cores(),
                spec.clock() == BootSpec.Clock.VIRTUAL ? ClockMode.VIRTUAL : ClockMode.REALTIME,
                spec.sdCard(), spec.rngSeed());
        Raspi3Machine machine = new Raspi3Machine(config);
        for (int i = 0; i < spec.cores(); i++) {
            machine.core(i).alignment = spec.alignment();
        }
        ConfigTxt txt = spec.config();
        visor.cpu.debug.SymbolTable symbols = visor.cpu.debug.SymbolTable.EMPTY;
        try {
            machine.setFirmwareOptions(txt.enableUart(), txt.coreFreqMhz() * 1_000_000L);
            boolean custom = txt.kernelOld() || txt.kernelAddress() >= 0;
            if (ElfImage.isElf(spec.kernel())) {
                if (spec.linux() || spec.initrd() != null) {
                    throw new IllegalArgumentException("an ELF image boots without --dtb/--initrd/--append (Linux boots as an Image)");
                }
                if (custom) {
                    throw new IllegalArgumentException("an ELF image loads where its program headers say: kernel_old and kernel_address do not apply");
                }
                ElfImage elf = ElfImage.parse(spec.kernel());
                symbols = elf.symbols();
                machine.loadElf(elf);
            } else if (spec.linux() && !custom) {
                machine.loadLinux(spec.kernel(), spec.dtb(), spec.bootargs(), spec.initrd());
            } else if (spec.linux()) {
                throw new IllegalArgumentException("a device tree boots Linux at the address its Image header gives:"
                        + " kernel_old and kernel_address do not apply to it");
            } else {
                machine.load(rawPlan(spec.kernel(), txt, spec.initrd()), txt.kernelOld());
            }
        } catch (RuntimeException e) {
            machine.close();
            throw e;
        }
        visor.cpu.debug.SymbolTable imageSymbols = symbols;
        return new BareMachine() {
            @Override
            public ConsoleChannel miniUart() {
                return machine.miniUartConsole();
            }

            @Override
            public ConsoleChannel pl011() {
                return machine.pl011Console();
            }

            @Override
            public void run() {
                machine.run();
            }

            @Override
            public void stop() {
                machine.stop();
            }

            @Override
            public void trace(TraceLog trace) {
                for (int i = 0; i < machine.cores(); i++) {
                    machine.core(i).tracer = trace.tracesCores() ? trace : null;
                }
                machine.memory().mmio().trace(trace.tracesBuses() ? trace : null);
            }

            @Override
            public long instructions() {
                return machine.instructions();
            }

            @Override
            public String jitCounters() {
                visor.cpu.jit.Jit jit = machine.codeCache().jit();
                if (jit == null) {
                    return "off";
                }
                long all = machine.instructions();
                return String.format(java.util.Locale.ROOT,
                        "blocks %d, class bytes %d, compile ms %d, instructions compiled %.3f, inlined %.3f",
                        jit.compiledBlocks(), jit.classBytes(), jit.compileMillis(),
                        all == 0 ? 0.0 : (double) machine.compiledInstructions() / all,
                        jit.compiledInstructions() == 0 ? 0.0 : (double) jit.inlinedInstructions() / jit.compiledInstructions());
            }

            @Override
            public String halted() {
                return machine.halted() ? "the guest powered the board off" : null;
            }

            @Override
            public Framebuffer.Snapshot screen() {
                return machine.screen();
            }

            private MachineGdbTarget debugTarget;

            @Override
            public synchronized visor.cli.gdb.GdbTarget debugTarget() {
                if (debugTarget == null) {
                    // One monitor for every gdb 'monitor' command, so its 'cpu N' holds between them.
                    StringBuilder out = new StringBuilder();
                    BootMonitor monitor = new BootMonitor(this, machine.cores(), out::append, machine::stop);
                    debugTarget = new MachineGdbTarget(machine, line -> {
                        synchronized (out) {
                            out.setLength(0);
                            monitor.execute(line);
                            return out.toString();
                        }
                    });
                }
                return debugTarget;
            }

            @Override
            public void onDebugStop(java.util.function.BiConsumer<Integer, String> listener) {
                machine.addDebugStopListener(core -> {
                    visor.cpu.debug.Debugger d = machine.core(core).debugger();
                    String text = visor.cli.monitor.BreakpointCommands.describe(d == null ? null : d.lastStop(), imageSymbols);
                    if (text != null) {
                        listener.accept(core, text);
                    }
                });
            }

            @Override
            public void haltAtStart() {
                machine.debugHalt();
            }

            @Override
            public visor.cli.monitor.MonitorTarget monitor(int i) {
                return new visor.cli.monitor.CpuTarget(machine.core(i), machine.memory().mmio(), false,
                        new visor.cli.monitor.CpuTarget.Runner() {
                            @Override
                            public <T> T run(java.util.function.Supplier<T> action) {
                                return machine.onMachineThread(action);
                            }
                        }, new visor.cli.monitor.CpuTarget.Control() {
                            @Override
                            public visor.cpu.debug.Debugger debugger() {
                                return machine.debugger(i);
                            }

                            @Override
                            public void step() {
                                stepCore(machine, i);
                            }
                        }, imageSymbols);
            }

            @Override
            public void reset() {
                machine.onMachineThread(() -> {
                    machine.requestReset();
                    return null;
                });
            }

            @Override
            public void close() throws IOException {
                machine.close();
            }
        };
    }

    /** The monitor's step: core {@code i} of the stopped machine runs one instruction; returns once it stopped again. */
    private static void stepCore(Raspi3Machine machine, int i) {
        java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
        java.util.function.IntConsumer listener = core -> stopped.countDown();
        machine.addDebugStopListener(listener);
        try {
            machine.onMachineThread(() -> {
                if (!machine.debugHalted()) {
                    throw new IllegalStateException("the machine is running: 'stop' it (or stop it at a breakpoint) first");
                }
                machine.debugStep(i);
                return null;
            });
            if (!stopped.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IllegalStateException("core " + i + " sleeps in WFI/WFE: it stops after its next instruction");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            machine.removeDebugStopListener(listener);
        }
    }
}
