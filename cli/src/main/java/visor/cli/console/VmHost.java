package visor.cli.console;

import visor.soc.console.ConsoleChannel;
import visor.soc.device.Framebuffer;

import java.util.List;

/**
 * What the console needs from the hypervisor. The implementation is an adapter over {@code visor.hv.Hypervisor}
 * living in this module (the hypervisor module must not depend on the CLI), registered as a
 * {@link VmHostFactory} service; every method may be called from the console thread while VMs run on the
 * hypervisor's thread.
 *
 * <p>Methods taking an id throw {@link VmHostException} for an unknown id or an operation the VM's
 * state does not allow; the message is shown to the user as is.
 */
public interface VmHost {
    /** One row of {@code vml}. The state is free text from the hypervisor (running, paused, stopped, ...). */
    record VmInfo(int id, String name, String state, long pages, long savedPc, long wfx, long hvc, long sysreg,
                  long pf, long mmio) {
    }

    /** An image {@code vmld} can load, from the configuration's directory. */
    record ImageInfo(String name, long size) {
    }

    /** Every VM, including stopped ones, ordered by id. Ids start at 1; 0 means the hypervisor console. */
    List<VmInfo> list();

    /** The console of a VM: its output history and live output, and where its input goes. */
    ConsoleChannel console(int id);

    void stop(int id);

    void start(int id);

    void reset(int id);

    void pause(int id);

    void resume(int id);

    /** A multi-line register dump and statistics for {@code info}. */
    String info(int id);

    List<ImageInfo> images();

    /** The VM's framebuffer picture now, or null while the guest has allocated none. */
    default Framebuffer.Snapshot screen(int id) {
        throw new VmHostException("this host has no framebuffers");
    }

    /**
     * Creates a VM running {@code image} (a name from {@link #images()} or a path) loaded at {@code load},
     * starting at {@code entry}, and starts it.
     *
     * @return the new VM's id
     */
    int load(String image, long load, long entry);

    /**
     * Why the hypervisor can no longer run VMs (its thread died, the machine stopped), or null while it
     * can. A headless run that ends this way fails at once instead of waiting for its timeout.
     */
    default String failure() {
        return null;
    }

    /** The monitor's view of a VM's vCPU, memory and devices ({@code regs}, {@code x}, {@code info mmio}, ...). */
    default visor.cli.monitor.MonitorTarget monitor(int id) {
        throw new VmHostException("this hypervisor has no monitor");
    }

    /**
     * Starts a gdb server for the VM's vCPU on TCP {@code port} (0: any free port), the other VMs running on.
     *
     * @return the line telling the user where it listens
     */
    default String gdb(int id, int port) {
        throw new VmHostException("this hypervisor has no gdb server");
    }

    /** Stops every VM and releases the host; idempotent. */
    void shutdown();
}
