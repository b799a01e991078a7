package visor.hv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static visor.hv.HypervisorTestSupport.awaitOutput;
import static visor.hv.HypervisorTestSupport.awaitOutputFrom;
import static visor.hv.HypervisorTestSupport.output;
import static visor.hv.HypervisorTestSupport.words;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import visor.cpu.Clock;
import visor.cpu.CodeCache;
import visor.cpu.Cpu;
import visor.soc.ClockMode;
import visor.mmu.PhysicalMemory;

/** When every VM waits (WFI, or polling an empty UART), the host thread sleeps (design.md §3). */
class IdleHostTest {
    @Test
    void hostSleepsWhileEveryVmWaits() throws Exception {
        CountingHost[] host = new CountingHost[1];
        try (HypervisorTestSupport t = new HypervisorTestSupport(ClockMode.VIRTUAL, h -> host[0] = new CountingHost(h))) {
            Vm echo = t.vm("echo", "guests/echo/echo.bin", 0, 0x100000, 16 << 20);
            Vm wfi = t.vm("wfi", words(
                    0xd503207f, // 1: wfi
                    0x17ffffff), // b 1b
                    1 << 20);
            t.start();
            awaitOutput(echo, "> ", 10);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (host[0].idles.get() < 20 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(host[0].idles.get() >= 20, "host idled " + host[0].idles.get() + " times");
            assertEquals(VmState.WAITING, wfi.state(), "WFI with no interrupt source blocks");
            assertTrue(wfi.stats().wfx() >= 1);
            long wfiInstructions = wfi.stats().instructions();
            assertTrue(wfiInstructions < 100, "a blocked VM does not spin: " + wfiInstructions);

            // Input ends the host's sleep and reaches the waiting guest.
            int from = output(echo).length();
            echo.console().type("hi\r".getBytes(StandardCharsets.US_ASCII));
            awaitOutputFrom(echo, from, "hi\r\n> ", 10);
            t.assertAlive();
        }
    }

    /** The physical platform, counting the hypervisor's requests to sleep. */
    static final class CountingHost implements HostPlatform {
        final HostPlatform host;
        final AtomicLong idles = new AtomicLong();

        CountingHost(HostPlatform host) {
            this.host = host;
        }

        @Override
        public void idleUntil(long hostNanos) {
            idles.incrementAndGet();
            host.idleUntil(hostNanos);
        }

        @Override
        public PhysicalMemory memory() {
            return host.memory();
        }

        @Override
        public CodeCache codeCache() {
            return host.codeCache();
        }

        @Override
        public Clock clock() {
            return host.clock();
        }

        @Override
        public Cpu createVcpu() {
            return host.createVcpu();
        }

        @Override
        public void bindCore0(Cpu vcpu) {
            host.bindCore0(vcpu);
        }

        @Override
        public void armSchedulerTimer(long hostNanos) {
            host.armSchedulerTimer(hostNanos);
        }

        @Override
        public boolean acknowledgeSchedulerTimer() {
            return host.acknowledgeSchedulerTimer();
        }

        @Override
        public void tick() {
            host.tick();
        }

        @Override
        public void wakeUp() {
            host.wakeUp();
        }
    }
}
