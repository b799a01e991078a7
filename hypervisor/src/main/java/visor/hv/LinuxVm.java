package visor.hv;

import java.util.ArrayList;
import java.util.List;
import visor.soc.boot.DeviceTree;
import visor.soc.boot.LinuxBoot;

/**
 * A VM that boots a Linux arm64 Image as the bare machine's loader does ({@link LinuxBoot#plan}: Image at
 * 2 MiB + text_offset, initrd at 128 MiB, DTB after it, /memory = the VM's RAM, /chosen bootargs and
 * initrd bounds), entered at EL1 with x0 = the DTB's IPA.
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
        LinuxBoot plan = LinuxBoot.plan(kernel, dtb == null ? null : onlyBootCpu(dtb), bootargs, initrd, memory, memory);
        List<VmSpec.Segment> extras = new ArrayList<>();
        if (plan.initrd() != null) {
            extras.add(new VmSpec.Segment(plan.initrdAddress(), plan.initrd()));
        }
        if (plan.dtb() != null) {
            extras.add(new VmSpec.Segment(plan.dtbAddress(), plan.dtb()));
        }
        return new VmSpec(name, imageName, kernel, plan.kernelAddress(), plan.kernelAddress(), 0, memory,
                extras, plan.dtbAddress());
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
