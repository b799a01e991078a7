package visor.soc.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SmallDevicesTest {
    @Test
    void gpioRemembersFunctionsAndDrivesLevels() {
        boolean[] irq = new boolean[3];
        Gpio g = new Gpio(l -> irq[0] = l, l -> irq[1] = l, l -> irq[2] = l);
        g.write(Gpio.GPFSEL0 + 4, 4, (2 << 12) | (2 << 15)); // pins 14/15 ALT5
        assertEquals((2 << 12) | (2 << 15), g.read(Gpio.GPFSEL0 + 4, 4));
        assertEquals(2, g.function(14));
        assertEquals(0x1FF, g.read(Gpio.GPLEV0, 4)); // reset pulls: 0-8 high
        g.write(Gpio.GPFSEL0 + 8, 4, 1 << 3); // pin 21 output
        g.write(Gpio.GPREN0, 4, 1 << 21);
        g.write(Gpio.GPSET0, 4, 1 << 21);
        assertEquals(1 << 21, g.read(Gpio.GPLEV0, 4) & (1 << 21));
        assertEquals(1 << 21, g.read(Gpio.GPEDS0, 4));
        assertTrue(irq[0] && irq[2] && !irq[1]);
        g.write(Gpio.GPEDS0, 4, 1 << 21);
        assertFalse(irq[0]);
        g.write(Gpio.GPCLR0, 4, 1 << 21);
        assertEquals(0, g.read(Gpio.GPLEV0, 4) & (1 << 21));
        g.write(Gpio.GPPUD, 4, Gpio.PUD_UP);
        g.write(Gpio.GPPUDCLK1, 4, 1 << 17); // pin 49
        g.write(Gpio.GPPUD, 4, 0);
        g.write(Gpio.GPPUDCLK1, 4, 0);
        assertEquals(1 << 17, g.read(Gpio.GPLEV1, 4));
    }

    @Test
    void rngIsDeterministicPerSeedOnceEnabled() {
        Rng a = new Rng(42), b = new Rng(42), c = new Rng(43);
        assertEquals(0, a.read(Rng.RNG_STATUS, 4) >>> 24);
        assertEquals(0, a.read(Rng.RNG_DATA, 4));
        for (Rng r : new Rng[] {a, b, c}) {
            r.write(Rng.RNG_STATUS, 4, 0x40000);
            r.write(Rng.RNG_CTRL, 4, Rng.CTRL_RBGEN);
        }
        assertEquals(4, a.read(Rng.RNG_STATUS, 4) >>> 24);
        long x = a.read(Rng.RNG_DATA, 4);
        assertEquals(x, b.read(Rng.RNG_DATA, 4));
        assertNotEquals(x, c.read(Rng.RNG_DATA, 4));
        assertNotEquals(x, a.read(Rng.RNG_DATA, 4));
    }

    @Test
    void watchdogCountsDownInSixteenBitFractionsAndFiresOnce() {
        FakeClock clock = new FakeClock();
        PowerManagement pm = new PowerManagement(clock);
        int[] resets = {0};
        boolean[] halt = {false};
        pm.setResetHandler(h -> {
            resets[0]++;
            halt[0] = h;
        });
        pm.write(PowerManagement.PM_WDOG, 4, 10); // no password: ignored
        assertEquals(0, pm.read(PowerManagement.PM_WDOG, 4));
        pm.write(PowerManagement.PM_WDOG, 4, PowerManagement.PASSWORD | 65536);
        pm.write(PowerManagement.PM_RSTC, 4, PowerManagement.PASSWORD | PowerManagement.RSTC_WRCFG_FULL_RESET);
        clock.now = 500_000_000;
        assertEquals(32768, pm.read(PowerManagement.PM_WDOG, 4));
        pm.update();
        assertEquals(0, resets[0]);
        assertEquals(1_000_000_000, pm.nextDeadlineNanos());
        clock.now = 1_000_000_000;
        pm.update();
        pm.update();
        assertEquals(1, resets[0]);
        assertFalse(halt[0]);
        pm.afterWatchdogReset();
        assertEquals(PowerManagement.RSTS_HADWRF, pm.read(PowerManagement.PM_RSTS, 4));
        // Linux power-off: halt partition in RSTS, then a short watchdog.
        pm.write(PowerManagement.PM_RSTS, 4, PowerManagement.PASSWORD | PowerManagement.RSTS_PARTITION_HALT);
        pm.write(PowerManagement.PM_WDOG, 4, PowerManagement.PASSWORD | 10);
        pm.write(PowerManagement.PM_RSTC, 4, PowerManagement.PASSWORD | 0x20);
        clock.now += 152_588;
        pm.update();
        assertEquals(2, resets[0]);
        assertTrue(halt[0]);
    }

    @Test
    void realTimeNeverPassesAnArmedWatchdogBeforeItFired() throws InterruptedException {
        visor.soc.MachineClock clock = new visor.soc.MachineClock(visor.soc.ClockMode.REALTIME);
        PowerManagement pm = new PowerManagement(clock);
        pm.setDeadlineListener(clock::holdAt);
        int[] resets = {0};
        pm.setResetHandler(h -> resets[0]++);
        pm.write(PowerManagement.PM_WDOG, 4, PowerManagement.PASSWORD | 10); // Linux's restart: ~153 us
        pm.write(PowerManagement.PM_RSTC, 4, PowerManagement.PASSWORD | PowerManagement.RSTC_WRCFG_FULL_RESET);
        long expiry = pm.nextDeadlineNanos();
        Thread.sleep(5); // the host thread descheduled for milliseconds
        assertEquals(expiry, clock.nanos(), "guest time waits at the expiry");
        pm.update();
        assertEquals(1, resets[0]);
        pm.afterWatchdogReset();
        assertTrue(clock.nanos() > expiry, "after the reset, time is host time again");
    }

    @Test
    void watchdogStopWritesDisarm() {
        FakeClock clock = new FakeClock();
        PowerManagement pm = new PowerManagement(clock);
        int[] resets = {0};
        pm.setResetHandler(h -> resets[0]++);
        pm.write(PowerManagement.PM_WDOG, 4, PowerManagement.PASSWORD | 100);
        pm.write(PowerManagement.PM_RSTC, 4, PowerManagement.PASSWORD | 0x20);
        pm.write(PowerManagement.PM_RSTC, 4, PowerManagement.PASSWORD | 0x102); // bcm2835_wdt_stop
        clock.now = 10_000_000_000L;
        pm.update();
        assertEquals(0, resets[0]);
        assertEquals(Long.MAX_VALUE, pm.nextDeadlineNanos());
    }
}
