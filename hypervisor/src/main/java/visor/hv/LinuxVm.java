package visor.hv;

import java.util.ArrayList;
import java.util.List;
import visor.soc.boot.DeviceTree;
import visor.soc.boot.LinuxBoot;
import visor.soc.device.Framebuffer;
import visor.soc.device.PropertyTags;

/**
 * A VM that boots a Linux arm64 Image as the bare machine's loader does ({@link LinuxBoot#plan}: Image at
 * 2 MiB + text_offset, initrd at 128 MiB, DTB after it, /memory = the VM's RAM, /chosen bootargs and
 * initrd bounds, the firmware's simple-framebuffer node in /chosen), entered at EL1 with x0 = the DTB's IPA.
 * The framebuffer that node describes is the VM's own ({@link visor.hv.emulators.VirtualBcm2837}'s), allocated at boot.
 *
 * <p>A VM has one vCPU, so the device tree keeps only the boot CPU's node: the Pi 3's cpus use the
 * spin-table enable method, and a listed CPU that never leaves its spin loop costs a timeout at boot
 * ("CPU1: failed to come online") for each of the three, where an absent one is simply not there.
 */
public final class LinuxVm {
    private LinuxVm() {
    }

    /**
     * @throws IllegalArgumentException when the pieces do not fit in {@code memory} or the DTB is malformed
     */
    public static VmSpec spec(String name, String imageName, byte[] kernel, byte[] dtb, String bootargs,
                              byte[] initrd, long memory) {
        byte[] oneCpu;
        try {
            oneCpu = dtb == null ? null : onlyBootCpu(dtb);
        } catch (LinuxBoot.RefusedException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new LinuxBoot.RefusedException(LinuxBoot.Part.DTB, e.getMessage());
        }
        // The geometry the VM's virtual mailbox will answer with: its property tags, made the same way.
        Framebuffer framebuffer = new PropertyTags(Math.min(memory, PropertyTags.VC_MEMORY_BASE), VmSpec.RAM_LIMIT, 0).framebuffer();
        LinuxBoot plan = LinuxBoot.plan(kernel, oneCpu, bootargs, initrd, memory, memory, dtb == null ? null : framebuffer);
        List<VmSpec.Segment> extras = new ArrayList<>();
        if (plan.initrd() != null) {
            extras.add(new VmSpec.Segment(plan.initrdAddress(), plan.initrd()));
        }
        if (plan.dtb() != null) {
            extras.add(new VmSpec.Segment(plan.dtbAddress(), plan.dtb()));
        }
        return new VmSpec(name, imageName, kernel, plan.kernelAddress(), plan.kernelAddress(), 0, memory,
                extras, plan.dtbAddress(), plan.dtb() != null);
    }

    /** The DTB with every /cpus/cpu@N node but the boot CPU's (the header's boot_cpuid_phys) removed. */
    static byte[] onlyBootCpu(byte[] dtb) {
        DeviceTree tree = DeviceTree.parse(dtb);
        DeviceTree.Node cpus = tree.node("/cpus");
        if (cpus == null) {
            return dtb;
        }
        String boot = "cpu@" + Integer.toHexString(tree.bootCpu());
        for (DeviceTree.Node cpu : List.copyOf(cpus.children())) {
            if (cpu.name().startsWith("cpu@") && !cpu.name().equals(boot)) {
                cpus.removeChild(cpu.name());
            }
        }
        return tree.toBytes();
    }
}
